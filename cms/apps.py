from django.apps import AppConfig


class CMSConfig(AppConfig):
    name = "cms"
    verbose_name = "ICASE content"
    default_auto_field = "django.db.models.BigAutoField"
