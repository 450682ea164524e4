"""Where a new thread starts from: the page it is about, the pioneer it asks, and the category it
is filed in by default. Read from the link the member followed ("Discuss this page", "Ask the
pioneer", a category's "Start a discussion")."""

from dataclasses import dataclass, field

from wagtail.models import Page

from cms.models import PioneerProfilePage, Theme

from .models import Category

ASK_A_PIONEER = "ask-a-pioneer"


@dataclass
class StartingPoint:
    categories: object  # the categories this member may post in
    about: Page | None = None
    pioneer: PioneerProfilePage | None = None
    addressees: list = field(default_factory=list)
    initial: dict = field(default_factory=dict)


def starting_point(user, about_id=None, pioneer_id=None, category_slug=""):
    categories = Category.objects.visible_to(user)
    about = Page.objects.live().public().filter(pk=about_id).specific().first() if about_id else None
    pioneer = PioneerProfilePage.objects.live().public().filter(pk=pioneer_id).first() if pioneer_id else None
    point = StartingPoint(categories=categories, about=about, pioneer=pioneer)
    if pioneer:
        point.addressees = [profile.user for profile in pioneer.members.contactable().select_related("user")]
        point.initial["category"] = Category.objects.filter(slug=ASK_A_PIONEER).first()
    elif category_slug:
        point.initial["category"] = categories.filter(slug=category_slug).first()
    elif about is not None and getattr(about, "themes", None) is not None:
        theme = about.themes.first()
        point.initial["category"] = categories.filter(theme=theme).first() if theme else None
    return point


def directory_choices():
    """The theme and pioneer options of the member directory's filters."""
    themes = [(theme.slug, theme.label) for theme in Theme.objects.all()]
    pioneers = list(PioneerProfilePage.objects.live().order_by("title").values_list("slug", "title"))
    return themes, pioneers
