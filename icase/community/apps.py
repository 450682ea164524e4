from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "icase.community"
    label = "community"
    verbose_name = "Community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_documents, signals  # noqa: F401 - index threads; keep profiles and search in step
