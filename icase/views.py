"""Site-wide odds and ends that belong to no app."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the NHS.UK icon."""
    return redirect(static("vendor/nhsuk-assets/images/favicon.ico"), permanent=False)
