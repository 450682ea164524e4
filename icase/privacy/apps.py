from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "icase.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self):
        from . import audit

        audit.connect_signals()
