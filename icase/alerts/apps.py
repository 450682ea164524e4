from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "icase.alerts"
    label = "alerts"
    verbose_name = "Subscriptions and feeds"
