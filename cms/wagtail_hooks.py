"""Editorial set-up and reports in the admin, and the first-party view and download counts."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import action_menu
from .models import ThemedCollectionPage
from .models.collection import FEATURED_ON_HOME, featured_on_home
from .report_views import REPORT_PERMISSION, REPORTS
from .snippet_views import ThemeViewSet
from .view_counts import record_document_download, record_page_view

hooks.register("construct_page_action_menu", action_menu.tidy)
register_snippet(ThemeViewSet)


@hooks.register("insert_editor_js")
def editor_js():
    """Collection items headed with their page's title; character counts on fields with a maximum."""
    return format_html(
        '<script src="{}"></script><script src="{}"></script>',
        static("cms/admin/chosen-page-titles.js"),
        static("cms/admin/character-count.js"),
    )


@hooks.register("insert_global_admin_css")
def editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin/editor.css"))


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_when_a_featured_collection_is_not_shown(request, page):
    """Featuring a fourth collection pushes one off the home page: say which, once it is live."""
    if not isinstance(page.specific, ThemedCollectionPage):
        return
    _shown, dropped = featured_on_home()
    if dropped:
        names = ", ".join(f"“{collection.title}”" for collection in dropped)
        messages.warning(
            request,
            f"The home page shows {FEATURED_ON_HOME} featured collections, in title order, so {names} "
            "is not shown. Untick “featured” on one of the others to make room.",
        )


@hooks.register("before_serve_page")
def count_page_view(page, request, serve_args, serve_kwargs):
    """Counted in memory and flushed by the scheduler (cms/view_counts.py); the page is noted on
    the request so a cached copy of this response counts its views too (icase/response_cache.py)."""
    request.counted_page_id = page.pk
    record_page_view(request, page.pk)


@hooks.register("before_serve_document")
def count_document_download(document, request):
    record_document_download(request, document.pk)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(f"reports/{report.slug}/", report.view, name=f"cms_report_{report.slug.replace('-', '_')}")
        for report in REPORTS
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


def _menu_item(slug, label, icon, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return ReportMenuItem(
            label, reverse(f"cms_report_{slug.replace('-', '_')}"), icon_name=icon, order=order
        )

    return register


for order, report in enumerate(REPORTS):
    _menu_item(report.slug, report.label, report.icon, 800 + order)
