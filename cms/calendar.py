"""iCalendar export so practitioners can put an event straight into Outlook or Google Calendar."""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from icase.links import page_url

LONDON = ZoneInfo("Europe/London")


def event_to_ics(event_page, request):
    """One VEVENT in UK local time with its VTIMEZONE, so calendars show the time people will meet."""
    calendar = Calendar()
    calendar.add("prodid", "-//ICASE Integrated Care and Support Exchange//EN")
    calendar.add("version", "2.0")
    entry = Event()
    entry.add("uid", f"learning-event-{event_page.pk}@icase")
    entry.add("summary", event_page.title)
    entry.add("dtstart", event_page.start.astimezone(LONDON))
    entry.add("dtend", event_page.end.astimezone(LONDON))
    entry.add("dtstamp", event_page.last_published_at or event_page.start)
    entry.add("description", f"{event_page.summary}\n\nOrganised by {event_page.organiser}.")
    entry.add("location", event_page.location_text)
    entry.add("url", page_url(event_page))  # the site address, never the request's host
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
