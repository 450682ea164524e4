"""Keep bookings in step with the event page: the admin cannot cut the capacity below the places
taken (the organisers' attendees page can, once they choose whom to move to the waiting list);
raising it (or publishing a change) offers the new places to the waiting list; publishing starts
the event's Q&A thread."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.urls import reverse

from wagtail.signals import page_published

from cms.models import LearningEventPage
from cms.signals_api import validate_learning_event
from icase.community.models import Category

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
                f"{booked} {'member has' if booked == 1 else 'members have'} a place (registered or "
                f"offered), so the capacity cannot be less than {booked} here. For fewer places, "
                "change the number of places on the event's attendees page, where you choose whom "
                f"to move to the waiting list: {reverse('events:attendees', args=[page.pk])}"
            )
    for field in ("audience_network", "network"):
        slug = getattr(page, field)
        if slug and not Category.objects.filter(kind=Category.NETWORK, slug=slug).exists():
            errors[field] = "There is no network with this short name."
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
