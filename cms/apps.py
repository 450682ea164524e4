from django.apps import AppConfig


class CMSConfig(AppConfig):
    name = "cms"
    verbose_name = "ICASE content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, generation, search_documents, signals  # noqa: F401 - checks; cache invalidation; search; editorial set-up
