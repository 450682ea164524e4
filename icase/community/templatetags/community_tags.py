from django import template

from cms.models import PioneerProfilePage

from .. import moderation_actions
from ..models import Follow, MemberProfile, Thread

register = template.Library()
START_LABELS = {
    "casestudypage": "Discuss this case study",
    "toolkitpage": "Discuss this toolkit",
    "learningeventpage": "Ask a question about this event",
    "pioneerprofilepage": "Discuss this pioneer's work",
    "themedcollectionpage": "Discuss this collection",
}


@register.inclusion_tag("community/includes/page_discussions.html", takes_context=True)
def page_discussions(context, page):
    """Discussions about a content page, and who to ask when the page belongs to a pioneer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = Thread.objects.none()
    if user is not None and page.pk is not None:  # a new page's add preview has no discussions yet
        threads = (
            Thread.objects.visible_to(user)
            .filter(page=page)
            .select_related("category", "author__profile")
            .order_by("-last_activity_at")[:10]
        )
    pioneer = page if isinstance(page, PioneerProfilePage) else getattr(page, "pioneer", None)
    contacts = []
    if pioneer is not None:
        contacts = list(
            MemberProfile.objects.contactable()
            .filter(pioneer=pioneer)
            .select_related("user")
            .order_by("display_name")[:6]
        )
    return {
        "page": page,
        "threads": threads,
        "pioneer": pioneer,
        "contacts": contacts,
        "start_label": START_LABELS.get(page._meta.model_name, "Start a discussion"),
    }


@register.inclusion_tag("community/includes/theme_community.html", takes_context=True)
def theme_community(context, theme):
    """On a theme page: its discussion category, the theme's experts, and a follow button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "theme": theme,
        "category": getattr(theme, "category", None),
        "experts": theme.experts.contactable().order_by("display_name")[:5],
        "signed_in": signed_in,
        "following": signed_in and Follow.objects.filter(user=user, theme=theme).exists(),
        "request": request,
    }


@register.inclusion_tag("community/includes/latest_discussions.html", takes_context=True)
def latest_discussions(context, limit=3):
    """The newest discussions this visitor may see, for the home page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = Thread.objects.none()
    if user is not None:
        threads = (
            Thread.objects.visible_to(user).select_related("category").order_by("-last_activity_at")[:limit]
        )
    return {"threads": threads}


@register.filter
def moderation_action(code):
    """A moderation log entry's action as a sentence ("Approved a post")."""
    return moderation_actions.label(code)
