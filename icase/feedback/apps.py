from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "icase.feedback"
    label = "feedback"
    verbose_name = "Contact and page feedback"
    default_auto_field = "django.db.models.BigAutoField"
