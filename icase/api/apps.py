from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "icase.api"
    label = "icase_api"
    verbose_name = "Open content API"
