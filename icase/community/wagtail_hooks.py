"""Community in the Wagtail admin: editors mark experts and see who belongs to which pioneer;
programme staff set up networks and their managers. Model permissions decide who sees each."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Category, MemberProfile


class MemberProfileViewSet(ModelViewSet):
    model = MemberProfile
    name = "members"
    url_prefix = "community/members"
    icon = "user"
    menu_label = "Members"
    list_display = ["display_name", "organisation", "pioneer", "contactable"]
    list_filter = ["pioneer", "sector", "contactable", "expert_themes"]
    search_fields = ["display_name", "organisation", "role", "user__email"]
    search_backend_name = None  # plain database lookups: profiles are not in a search index
    ordering = ["display_name"]
    inspect_view_enabled = True
    add_view_enabled = False  # profiles come with accounts
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("display_name"),
                FieldPanel("role"),
                FieldPanel("organisation"),
                FieldPanel("sector"),
            ],
            heading="Member",
        ),
        FieldPanel("pioneer"),
        FieldPanel("expert_themes", help_text="Themes this member is a recognised expert in."),
        FieldPanel("contactable"),
        MultiFieldPanel(
            [FieldPanel("suspended_until"), FieldPanel("suspension_reason")], heading="Suspension"
        ),
    ]


class CategoryViewSet(ModelViewSet):
    model = Category
    name = "categories"
    url_prefix = "community/categories"
    icon = "group"
    menu_label = "Categories and networks"
    list_display = ["name", "kind", "is_private"]
    list_filter = ["kind", "is_private"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("theme"),
        FieldPanel("description"),
        FieldPanel("is_private"),
        FieldPanel("managers"),
        FieldPanel("sort_order"),
    ]


class CommunityViewSetGroup(ViewSetGroup):
    items = (MemberProfileViewSet, CategoryViewSet)
    menu_icon = "group"
    menu_label = "Community"
    menu_order = 300


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()
