"""Documents given as evidence for a barrier: who may add and remove them, and what is accepted.

A document is anyone's bytes, so it is checked by content for the extension it carries
(cms.uploads.check_content, the rule the admin and "Share your story" use), stored under a
random name in private storage and served only to those who may read the barrier's full record,
always as a download. Adding or removing one is a line in the barrier's history, and its
followers are told of a new one.
"""

from django import forms
from django.db import transaction

from cms.uploads import check_content

from . import permissions
from .following import tell_followers
from .forms import NhsukForm
from .models import BarrierDocument, BarrierEvent
from .refusals import Refused

DOCUMENT_TYPES = ["pdf", "docx", "xlsx", "pptx", "odt", "csv"]
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_PER_BARRIER = 20


def file_limits():
    """The most the file field may hold, for the view's streamed check (read per request, so a
    test can lower it)."""
    return {"file": DOCUMENT_MAX_BYTES}


def max_body_bytes():
    """A request declaring more than the file's limit and room for the title is refused unread."""
    return DOCUMENT_MAX_BYTES + 64 * 1024


def too_large_message():
    return f"The document must be smaller than {DOCUMENT_MAX_BYTES // (1024 * 1024)} MB."


class EvidenceDocumentForm(NhsukForm, forms.Form):
    title = forms.CharField(
        label="What the document is",
        help_text="For example, “Legal advice we received on sharing records”.",
        max_length=200,
        error_messages={
            "required": "Enter what the document is",
            "max_length": "What the document is must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="The document",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text or CSV, up to 10 MB.",
        error_messages={"required": "Choose the document to upload", "empty": "The chosen file is empty"},
        widget=forms.ClearableFileInput(
            attrs={"class": "nhsuk-file-upload__input", "accept": ",".join(f".{t}" for t in DOCUMENT_TYPES)}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in DOCUMENT_TYPES:
            raise forms.ValidationError(
                "The document must be a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), "
                "OpenDocument text (.odt) or CSV file"
            )
        if upload.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        check_content(upload, extension)
        return upload


def can_add(user, barrier):
    return permissions.can_add_evidence(user, barrier)


@transaction.atomic
def add_document(user, barrier, *, title, file):
    if not can_add(user, barrier):
        raise Refused("Only the pioneers it affects and programme editors can add evidence to this barrier.")
    if barrier.documents.count() >= DOCUMENTS_PER_BARRIER:
        raise Refused(
            f"A barrier can hold up to {DOCUMENTS_PER_BARRIER} documents. "
            "Remove one that is out of date first."
        )
    original = file.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
    document = BarrierDocument(barrier=barrier, title=title.strip(), file_name=original, file_size=file.size)
    document.uploaded_by = user
    document.file.save(original, file, save=False)
    document.save()
    BarrierEvent.objects.create(
        barrier=barrier, kind=BarrierEvent.DOCUMENT, actor=user, reason=f"Added “{document.title}”"
    )
    tell_followers(barrier, user, f"a document was added ({document.title})")
    return document


def can_remove(user, document):
    return permissions.is_programme_editor(user) or (
        document.uploaded_by_id is not None and document.uploaded_by_id == getattr(user, "pk", None)
    )


@transaction.atomic
def remove_document(user, document, reason):
    if not can_remove(user, document):
        raise Refused("Only the member who added a document or a programme editor can remove it.")
    BarrierEvent.objects.create(
        barrier=document.barrier,
        kind=BarrierEvent.DOCUMENT,
        actor=user,
        reason=f"Removed “{document.title}”: {reason.strip()}",
    )
    document.delete()


class RemoveDocumentForm(NhsukForm, forms.Form):
    reason = forms.CharField(
        label="Why it is being removed",
        help_text="This goes in the barrier's history.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the document is being removed",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
