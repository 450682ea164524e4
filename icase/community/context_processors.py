from .unread import unread_count


def notifications(request):
    """The unread count shown in the header, for signed-in members only (from the cache, see
    icase/community/unread.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
