from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "ICASE search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .indexing import connect_signals
        from .models import SearchSynonym
        from .vocabulary import forget_rules

        connect_signals()
        # An editor's rule applies to the next search (search/vocabulary.py), in this process at once.
        post_save.connect(forget_rules, sender=SearchSynonym, dispatch_uid="search-vocabulary-saved")
        post_delete.connect(forget_rules, sender=SearchSynonym, dispatch_uid="search-vocabulary-deleted")
