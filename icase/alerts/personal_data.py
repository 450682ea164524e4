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
]
