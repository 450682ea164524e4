"""What visitors tell the programme: messages from the contact page, and "Is this page useful?"
answers. Both are stored so programme editors can read them in the admin (Snippets and Reports)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class ContactMessage(models.Model):
    TOPIC_CHOICES = [
        ("content", "Something on a page is wrong or missing"),
        ("accessibility", "An accessibility problem"),
        ("privacy", "My data or privacy"),
        ("account", "My account"),
        ("other", "Something else"),
    ]

    name = models.CharField(max_length=120)
    email = models.EmailField()
    topic = models.CharField(max_length=20, choices=TOPIC_CHOICES)
    message = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False, help_text="Tick once someone has replied or acted.")

    panels = [
        FieldPanel("handled"),
        FieldPanel("topic", read_only=True),
        FieldPanel("message", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "contact message"

    def __str__(self):
        return f"{self.get_topic_display()} — {self.name}"


class PageFeedback(models.Model):
    page = models.ForeignKey(Page, null=True, on_delete=models.SET_NULL, related_name="+")
    page_title = models.CharField(max_length=255)  # kept if the page is deleted
    useful = models.BooleanField()
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("comment", read_only=True)]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        return f"{self.page_title}: {'useful' if self.useful else 'not useful'}"
