def notifications(request):
    """The unread count shown in the header, for signed-in members only (one cheap query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}
