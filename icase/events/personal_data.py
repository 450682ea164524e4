"""Learning events' personal data, for members' downloads and erasure (icase/privacy/registry.py).

A member's registrations (with what they told the organisers: access needs, dietary requirements,
questions) go with the account; a freed place passes to the waiting list as a cancellation would.
"""

PERSONAL_DATA = [
    {
        "model": "events.Registration",
        "fields": ["user"],
        "export": [
            "event__title",
            "status",
            "access_needs",
            "dietary_requirements",
            "questions",
            "created_at",
            "cancelled_at",
        ],
    },
    {
        "model": "events.EventSettings",
        "fields": ["user"],
        "export": ["list_attended"],
    },
    {
        "model": "events.CalendarKey",
        "fields": ["user"],
        "export": None,
        "why": "the secret key of the member's calendar address, which they can reset; not data about them",
    },
]
