from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "icase.events"
    label = "events"
    verbose_name = "Event registration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import audiences

        from . import signals  # noqa: F401 - capacity checks and offers when an event is published
        from .audiences import NetworkAudiences

        audiences.register(NetworkAudiences())
