"""Evidence documents on a barrier: add, download, remove. Thin: evidence.py holds the rules.

The upload limit must be in place before anything reads the request body, and the CSRF
middleware reads it to find the token, so CSRF is checked inside (as "Share your story" does).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from cms.uploads import StreamedFileLimits
from icase.community import visibility

from . import evidence
from .refusals import Refused
from .views import barrier_or_404


def _record_or_403(request, pk):
    barrier = barrier_or_404(request, pk)
    if not visibility.can_view_barrier_record(request.user):
        raise PermissionDenied
    return barrier


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's parser refuses it with 400


def _add_page(request, barrier, form, status=200):
    response = TemplateResponse(
        request, "exchange/evidence_add.html", {"barrier": barrier, "form": form}, status=status
    )
    add_never_cache_headers(response)
    return response


@csrf_exempt  # checked by _add_document instead, once the upload limit is in place
@login_required
@require_http_methods(["GET", "POST"])
def add_document(request, pk):
    barrier = _record_or_403(request, pk)
    if not evidence.can_add(request.user, barrier):
        raise PermissionDenied
    if request.method != "POST":
        return _add_page(request, barrier, evidence.EvidenceDocumentForm())
    if _declared_length(request) > evidence.max_body_bytes():
        form = evidence.EvidenceDocumentForm()
        form.add_error("file", evidence.too_large_message() + " Nothing was uploaded.")
        return _add_page(request, barrier, form, status=413)
    limits = StreamedFileLimits(request, evidence.file_limits())
    request.upload_handlers.insert(0, limits)
    return _add_document(request, barrier, limits)


@csrf_protect
def _add_document(request, barrier, limits):
    form = evidence.EvidenceDocumentForm(request.POST, request.FILES)
    if limits.refused:
        form.is_valid()  # so the page keeps the title and shows any other mistake
        form.add_error("file", evidence.too_large_message())
        return _add_page(request, barrier, form, status=413)
    if form.is_valid():
        try:
            document = evidence.add_document(request.user, barrier, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"“{document.title}” added to the evidence.")
            return redirect(f"{barrier.get_absolute_url()}#evidence")
    return _add_page(request, barrier, form, status=400)


def _document_or_404(barrier, document_pk):
    return get_object_or_404(barrier.documents.select_related("barrier"), pk=document_pk)


@login_required
def download(request, pk, document_pk):
    """Always a download (never shown inline), never cached outside the member's browser."""
    document = _document_or_404(_record_or_403(request, pk), document_pk)
    try:
        stored = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The document's file is missing") from missing
    response = FileResponse(stored, as_attachment=True, filename=document.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def remove(request, pk, document_pk):
    barrier = _record_or_403(request, pk)
    document = _document_or_404(barrier, document_pk)
    if not evidence.can_remove(request.user, document):
        raise PermissionDenied
    form = evidence.RemoveDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence.remove_document(request.user, document, form.cleaned_data["reason"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"“{document.title}” removed from the evidence.")
            return redirect(f"{barrier.get_absolute_url()}#evidence")
    status = 400 if form.errors else 200
    context = {"barrier": barrier, "document": document, "form": form}
    response = TemplateResponse(request, "exchange/evidence_remove.html", context, status=status)
    add_never_cache_headers(response)
    return response
