from wagtail import hooks

from .pioneer_editors_admin import PioneerSpaceViewSet


@hooks.register("register_admin_viewset")
def register_pioneer_space_viewset():
    return PioneerSpaceViewSet()
