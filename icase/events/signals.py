"""Keep bookings in step with the event page: organisers cannot cut the capacity below the places
booked, and raising it (or publishing a change) offers the new places to the waiting list."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from wagtail.signals import page_published

from cms.models import LearningEventPage
from cms.signals_api import validate_learning_event

from . import services
from .models import Registration


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
def offer_new_places(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, LearningEventPage) and instance.is_scheduled:
        services.refresh_places(instance.specific_deferred)
