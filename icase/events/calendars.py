"""Calendar files for attendees: their own copy of an event (with the address or joining link),
and feeds of upcoming public events and of the events a member booked."""

from cms.calendar import calendar_bytes, event_entry, new_calendar


def attendee_location(event):
    """Where an attendee goes: the venue and its address, and for online events the joining link."""
    parts = [part for part in (event.venue, event.venue_address.replace("\n", ", ")) if part]
    if event.online and event.joining_link:
        parts.append(event.joining_link)
    return ", ".join(parts) or event.location_text


def attendee_entry(event):
    extra = ""
    if event.online and event.joining_link:
        extra = f"Join online: {event.joining_link}\n{event.joining_instructions}".strip()
    return event_entry(event, location=attendee_location(event), extra_description=extra)


def attendee_ics(event):
    calendar = new_calendar()
    calendar.add_component(attendee_entry(event))
    return calendar_bytes(calendar)


def feed_ics(name, events, attendee=False):
    """A feed: public entries, or (`attendee=True`, the member's own feed) their attendee copies."""
    calendar = new_calendar(name)
    for event in events:
        calendar.add_component(attendee_entry(event) if attendee else event_entry(event))
    return calendar_bytes(calendar)
