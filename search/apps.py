from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "ICASE search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .indexing import connect_signals

        connect_signals()
