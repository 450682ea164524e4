"""iCalendar export so practitioners can put an event straight into Outlook or Google Calendar."""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from icase.links import page_url

LONDON = ZoneInfo("Europe/London")


def new_calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", "-//ICASE Integrated Care and Support Exchange//EN")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def event_entry(event_page, location=None, extra_description=""):
    """One VEVENT in UK local time, so calendars show the time people will meet. `location` and
    `extra_description` let a registered attendee's copy carry the venue address or joining link."""
    entry = Event()
    entry.add("uid", f"learning-event-{event_page.pk}@icase")
    entry.add("summary", event_page.title)
    entry.add("dtstart", event_page.start.astimezone(LONDON))
    entry.add("dtend", event_page.end.astimezone(LONDON))
    entry.add("dtstamp", event_page.last_published_at or event_page.start)
    description = f"{event_page.summary}\n\nOrganised by {event_page.organiser}."
    entry.add("description", f"{description}\n\n{extra_description}".strip())
    if location or event_page.location_text:
        entry.add("location", location or event_page.location_text)
    entry.add("url", page_url(event_page))  # the site address, never the request's host
    return entry


def calendar_bytes(calendar):
    """The calendar with the VTIMEZONE its entries need."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_to_ics(event_page, request=None):
    calendar = new_calendar()
    calendar.add_component(event_entry(event_page))
    return calendar_bytes(calendar)
