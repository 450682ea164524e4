from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import query_report

REPORT_PERMISSION = "search.view_searchquerylog"


def search_report(request):
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    return TemplateResponse(request, "search/admin/search_report.html", query_report())


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-queries/", search_report, name="search_query_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        "Search queries", reverse("search_query_report"), icon_name="search", order=900
    )
