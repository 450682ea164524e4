"""Subscriptions' personal data, for members' downloads and erasure (icase/privacy/registry.py)."""

PERSONAL_DATA = [
    {
        "model": "alerts.Subscription",
        "fields": ["user"],
        "export": ["label", "url", "query", "filters", "frequency", "paused", "created_at", "ended_at"],
    },
    {
        "model": "alerts.DigestDelivery",
        "fields": ["user"],
        "export": ["frequency", "period", "item_count", "sent_at"],
    },
    {
        "model": "alerts.BulletinOptIn",
        "fields": ["user"],
        "export": ["created_at"],
    },
    {
        "model": "alerts.BulletinDelivery",
        "fields": ["user"],
        "export": ["bulletin__title", "sent_at"],
    },
    {
        "model": "alerts.Bulletin",
        "fields": ["sent_by"],
        "export": None,
        "why": "An editor's work for the programme, not data about them; erasing them unlinks it.",
        "erase": "unlink",
    },
]
