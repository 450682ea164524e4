from django.apps import AppConfig


class CMSConfig(AppConfig):
    name = "cms"
    verbose_name = "ICASE content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_documents  # noqa: F401 - registers ICASE content with the search index
