"""Hostile input stops at the door with a plain 400, before any view or database sees it.

A NUL byte cannot be stored in or compared with PostgreSQL text, so one in a query parameter, a
form field or a path segment (`/members/%00/`) made whichever query touched it fail with a server
error. No person types control characters into an address or a form, so the site refuses them
everywhere at once instead of view by view: in the path and the query string none at all, in
URL-encoded POST bodies none but tab, newline and carriage return, which text areas legitimately
send. Multipart bodies are left to the forms (Django's form fields refuse NUL with a form error that
keeps what was typed): reading them here would parse uploads before a view such as the story form
can install its upload limits.

Query strings are also capped: Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (raised for the Wagtail
admin's large forms) applies to them too, and a public page repeating five thousand `theme=x`
parameters in every filter and pagination link is work for nothing. The admin keeps Django's limit.
"""

import re

from django.conf import settings
from django.http import HttpResponse

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
FORM_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not tab, LF or CR

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _count_parameters(query_string):
    return sum(1 for part in query_string.split("&") if part)


def _contains(pattern, items):
    return any(pattern.search(key) or pattern.search(value) for key, values in items for value in values)


def problem_with(request):
    """Why this request is refused, in words for the person who sent it, or None."""
    if CONTROL_CHARACTERS.search(request.path_info):
        return "The address contains control characters (such as a NUL byte), which no page on ICASE uses."
    query_string = request.META.get("QUERY_STRING", "")
    limit = settings.MAX_QUERY_PARAMETERS
    in_admin = request.path_info.startswith(settings.ADMIN_PREFIX)
    if query_string and not in_admin and _count_parameters(query_string) > limit:
        return f"The address has more than {limit} parameters; remove some filters and try again."
    if query_string and _contains(CONTROL_CHARACTERS, request.GET.lists()):
        return "The address contains control characters (such as a NUL byte) in its parameters."
    is_form = request.method == "POST" and request.content_type == FORM_CONTENT_TYPE
    if is_form and _contains(FORM_CONTROL_CHARACTERS, request.POST.lists()):
        return (
            "The form contained control characters (such as a NUL byte) that cannot be saved. "
            "Go back, remove any text pasted from another program and send it again."
        )
    return None


def refusal(message):
    response = HttpResponse(
        f"Bad request\n\n{message}\n", status=400, content_type="text/plain; charset=utf-8"
    )
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class RejectHostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = problem_with(request)
        if message:
            return refusal(message)
        return self.get_response(request)
