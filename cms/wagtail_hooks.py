"""Editorial set-up in the admin: which members edit which pioneer's pages."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PioneerSpace


class PioneerSpaceViewSet(ModelViewSet):
    model = PioneerSpace
    name = "pioneer_spaces"
    url_prefix = "pioneer-editors"
    icon = "group"
    menu_label = "Pioneer editors"
    add_to_settings_menu = True
    list_display = ["pioneer", "editors", "collection"]
    ordering = ["pioneer__title"]
    search_fields = ["pioneer__title"]
    search_backend_name = None
    add_view_enabled = False  # a space is made with its pioneer
    edit_view_enabled = False  # membership is managed with `manage.py assign_role` or the Groups screen
    inspect_view_enabled = True
    form_fields = []  # nothing is edited here


@hooks.register("register_admin_viewset")
def register_pioneer_space_viewset():
    return PioneerSpaceViewSet()
