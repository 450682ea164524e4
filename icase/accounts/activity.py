"""“Last seen” for the members' sessions page (/accounts/sessions/), without a write per request.

allauth's UserSessionsMiddleware updates the session's row on every signed-in request: a write,
and on SQLite the one write lock, for every page a member or editor reads. A session's last-seen
time only needs to be right to within minutes, so this middleware writes only when the session has
no row yet, its address or browser changed (allauth then signals the change), or it was last seen
more than ACTIVITY_INTERVAL ago. The session itself remembers when and as what it was last
recorded, so the other requests read nothing at all (the session is loaded anyway)."""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.usersessions import app_settings
from allauth.usersessions.models import UserSession

from django.utils import timezone

ACTIVITY_INTERVAL = timedelta(minutes=5)
LAST_RECORDED = "icase_session_recorded"  # session key: [seconds since the epoch, address, browser]


def as_seen(request):
    limit = UserSession._meta.get_field("user_agent").max_length
    return [get_adapter().get_client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:limit]]


def seen_recently(request):
    recorded = request.session.get(LAST_RECORDED)
    if not recorded:
        return False
    at, *seen = recorded
    return seen == as_seen(request) and at >= (timezone.now() - ACTIVITY_INTERVAL).timestamp()


class UserSessionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            app_settings.TRACK_ACTIVITY
            and hasattr(request, "session")
            and request.session.session_key
            and hasattr(request, "user")
            and request.user.is_authenticated
            and not seen_recently(request)
        ):
            UserSession.objects.create_from_request(request)
            request.session[LAST_RECORDED] = [timezone.now().timestamp(), *as_seen(request)]
        return self.get_response(request)
