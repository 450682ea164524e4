"""Keep bookings in step with the event page: organisers cannot cut the capacity below the places
booked; raising it (or publishing a change) offers the new places to the waiting list; publishing
starts the event's Q&A thread."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from wagtail.signals import page_published

from cms.models import LearningEventPage
from cms.signals_api import validate_learning_event

from . import services
from .models import Registration
from .questions import ensure_questions_thread


@receiver(validate_learning_event, dispatch_uid="events-capacity-and-network")
def check_event_settings(sender, page, **kwargs):
    errors = {}
    if page.pk and page.capacity is not None:
        booked = Registration.objects.filter(event_id=page.pk).holding_places().count()
        if page.capacity < booked:
            errors["capacity"] = (
                f"{booked} places are booked or offered, so the capacity cannot be less than {booked}. "
                "Remove attendees first (Event registration, attendees) if you need fewer places."
            )
    if page.audience_network and services.event_network(page) is None:
        errors["audience_network"] = "There is no network with this short name."
    if errors:
        raise ValidationError(errors)


@receiver(page_published, dispatch_uid="events-offer-new-places")
def offer_new_places(sender, instance, revision=None, **kwargs):
    """Offer places the capacity now allows, and start the event's Q&A thread."""
    event = instance.specific_deferred
    if not isinstance(event, LearningEventPage) or not event.is_scheduled:
        return
    services.refresh_places(event)
    ensure_questions_thread(event, getattr(revision, "user", None))
