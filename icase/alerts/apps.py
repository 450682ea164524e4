from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "icase.alerts"
    label = "alerts"
    verbose_name = "Subscriptions and feeds"

    def ready(self):
        from . import signals  # noqa: F401 - connects the publish and thread receivers
