from django.apps import AppConfig


class ICASEConfig(AppConfig):
    name = "icase"
    verbose_name = "ICASE"
