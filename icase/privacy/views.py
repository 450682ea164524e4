"""The member's data page (/accounts/your-data/): download a copy, delete the account."""

from allauth.account.decorators import reauthentication_required

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from cms.models import CaseStudyPage

from . import audit, services
from .forms import DeleteAccountForm
from .models import EXPORT_LIFETIME, AuditEvent, DataExport

SIGNING_SALT = "icase.privacy.download"


def download_url(export):
    """A link that only works for the member, signed in, until the download expires."""
    value = signing.TimestampSigner(salt=SIGNING_SALT).sign(export.token)
    return reverse("privacy:download", args=[value])


@login_required
def your_data(request):
    export = services.latest_export(request.user)
    return TemplateResponse(
        request,
        "privacy/your_data.html",
        {
            "export": export,
            "download_url": download_url(export) if export and export.is_downloadable else "",
        },
    )


@login_required
@require_POST
def request_export(request):
    services.request_export(request.user)
    messages.success(request, "We are preparing your data. We will email you when it is ready to download.")
    return redirect("privacy:your_data")


@login_required
def download(request, signed):
    try:
        token = signing.TimestampSigner(salt=SIGNING_SALT).unsign(signed, max_age=EXPORT_LIFETIME)
    except signing.BadSignature:
        raise Http404 from None
    export = DataExport.objects.filter(token=token, user=request.user, status=DataExport.READY).first()
    if export is None or not export.is_downloadable:
        raise Http404
    audit.record(AuditEvent.EXPORT_DOWNLOADED, subject=request.user)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename="icase-your-data.zip")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@reauthentication_required
def delete_account(request):
    published_stories = CaseStudyPage.objects.filter(
        submitted_by=request.user, first_published_at__isnull=False
    ).exists()
    form = DeleteAccountForm(request.POST or None, has_published_stories=published_stories)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.erase_member(user, form.choices())
        return redirect("privacy:account_deleted")
    return TemplateResponse(request, "privacy/delete_account.html", {"form": form})


def account_deleted(request):
    return TemplateResponse(request, "privacy/account_deleted.html", {})
