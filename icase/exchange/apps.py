from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "icase.exchange"
    label = "exchange"
    verbose_name = "Exchange: barriers register"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_documents  # noqa: F401 - approved public summaries in the site search
