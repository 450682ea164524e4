"""Each event's Q&A thread: one discussion in the event's network (or its first theme's
category), made when an organiser publishes the event, so questions asked before and after it
land in one place and show on the event page with its other discussions."""

from django.db import transaction

from icase.community.models import Follow, Post, Thread

from .models import EventQuestions
from .services import event_network


def questions_category(event):
    network = event_network(event)
    if network is not None:
        return network
    theme = event.themes.select_related("category").first()
    return getattr(theme, "category", None) if theme else None


@transaction.atomic
def ensure_questions_thread(event, author):
    """The event's Q&A thread, made once; None when there is nobody to start it or nowhere to put it
    (seeded events are published by no one)."""
    existing = EventQuestions.objects.filter(event=event).select_related("thread").first()
    if existing is not None:
        return existing.thread
    category = questions_category(event)
    if author is None or category is None or not event.is_scheduled:
        return None
    thread = Thread.objects.create(
        category=category, title=f"Questions about {event.title}"[:160], author=author, page=event
    )
    Post.objects.create(
        thread=thread,
        author=author,
        raw=(
            f"Ask your questions about {event.title} here, before or after the event. The speakers "
            "and organisers answer here, and the recording and slides are added to the event page."
        ),
    )
    Follow.objects.get_or_create(user=author, thread=thread)
    EventQuestions.objects.create(event=event, thread=thread)
    return thread
