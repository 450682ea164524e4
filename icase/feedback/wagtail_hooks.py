"""Contact messages and page feedback in the admin, for programme editors to read."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContactMessage, PageFeedback


class ContactMessageViewSet(SnippetViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = "Contact messages"
    list_display = ["name", "email", "topic", "created_at", "handled"]
    list_filter = ["topic", "handled"]


class PageFeedbackViewSet(SnippetViewSet):
    model = PageFeedback
    icon = "help"
    menu_label = "Page feedback"
    list_display = ["page_title", "useful", "comment", "created_at"]
    list_filter = ["useful"]


register_snippet(ContactMessageViewSet)
register_snippet(PageFeedbackViewSet)
