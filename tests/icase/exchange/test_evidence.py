"""Evidence documents on a barrier: the pioneers it affects and programme editors add them,
members download them (always as a download), nobody else reaches them, anything that is not
the document it claims to be is refused with the title kept, and removing one needs a reason and
leaves a line in the history."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from icase.exchange import evidence, services
from icase.exchange.models import BarrierDocument, BarrierEvent
from tests.icase.community.helpers import client_for

from .helpers import pioneer, raise_kent_barrier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nlegal advice on risk profiling"


def pdf(name="advice.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_url(barrier):
    return reverse("exchange:add_evidence", args=[barrier.pk])


def upload(client, barrier, title="Legal advice, March 2016", file=None):
    return client.post(add_url(barrier), {"title": title, "file": file or pdf()})


def test_the_raising_pioneer_adds_a_document_and_a_member_downloads_it(people, barrier):
    editor = client_for(people["pioneer_editor"])
    assert "Add a document" in editor.get(barrier.get_absolute_url()).content.decode()
    form = editor.get(add_url(barrier))
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()

    response = upload(editor, barrier, file=pdf("../../etc/Advice <final>.pdf"))
    assert response.status_code == 302 and response["Location"].endswith("#evidence")
    document = BarrierDocument.objects.get()
    assert document.file_name == "Advice <final>.pdf"  # shown and downloaded as it was called
    assert document.file.name.startswith("barrier-evidence/") and ".." not in document.file.name
    assert "Advice" not in document.file.name  # the stored name is random
    event = barrier.events.get(kind=BarrierEvent.DOCUMENT)
    assert event.reason == "Added “Legal advice, March 2016”"

    page = client_for(people["member"]).get(barrier.get_absolute_url()).content.decode()
    assert "Legal advice, March 2016" in page and "PDF, " in page
    download = client_for(people["member"]).get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF


def test_anonymous_visitors_never_reach_a_document_even_when_the_summary_is_public(people, barrier):
    document = evidence.add_document(people["pioneer_editor"], barrier, title="Advice", file=pdf())
    services.write_public_summary(people["pioneer_editor"], barrier, "A public title", "A public summary.")
    services.approve_public_summary(people["programme_editor"], barrier)
    public_page = Client().get(barrier.get_absolute_url()).content.decode()
    assert "A public summary." in public_page and "Advice" not in public_page
    response = Client().get(document.get_absolute_url())
    assert response.status_code == 302 and "login" in response["Location"]
    assert Client().post(add_url(barrier), {"title": "x", "file": pdf()}).status_code == 302
    assert BarrierDocument.objects.count() == 1


@pytest.mark.parametrize(
    "role, may_add",
    [
        ("member", False),
        ("pioneer_member", True),  # works in Kent, which raised it
        ("pioneer_editor", True),
        ("other_editor", False),  # Greenwich, until it says the barrier affects it too
        ("expert", False),
        ("programme_editor", True),
    ],
)
def test_who_may_add_evidence(people, barrier, role, may_add):
    client = client_for(people[role])
    page = client.get(barrier.get_absolute_url()).content.decode()
    assert ("Add a document" in page) is may_add
    assert client.get(add_url(barrier)).status_code == (200 if may_add else 403)
    response = upload(client, barrier)
    assert response.status_code == (302 if may_add else 403)
    assert BarrierDocument.objects.exists() is may_add


def test_a_pioneer_that_is_affected_too_may_add_evidence(people, barrier):
    services.add_affected(people["other_editor"], barrier, pioneer("greenwich"), "Same here.")
    assert upload(client_for(people["other_editor"]), barrier).status_code == 302


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("advice.html", b"<html>hello</html>", "must be a PDF, Word"),
        ("advice.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF"),
        ("advice.docx", b"%PDF-1.4 not a word file", "not a real Word"),
        ("advice", PDF, "must be a PDF, Word"),
        ("advice.csv", b"<script>alert(1)</script>", "not a real CSV"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_keeping_the_title(
    people, barrier, name, content, message
):
    response = upload(
        client_for(people["pioneer_editor"]), barrier, title="Kept title", file=pdf(name, content)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert 'value="Kept title"' in page
    assert not BarrierDocument.objects.exists()


def test_missing_title_and_file_are_explained(people, barrier):
    response = client_for(people["pioneer_editor"]).post(add_url(barrier), {"title": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter what the document is" in page and "Choose the document to upload" in page


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None)
def test_an_oversized_document_is_refused_before_it_is_stored(people, barrier, monkeypatch):
    monkeypatch.setattr(evidence, "file_limits", lambda: {"file": 1024})
    big = pdf(content=b"%PDF-1.4" + b"x" * 4096)
    response = upload(client_for(people["pioneer_editor"]), barrier, title="Too big", file=big)
    page = response.content.decode()
    assert response.status_code == 413 and "must be smaller than" in page
    assert not BarrierDocument.objects.exists()


def test_a_barrier_holds_a_bounded_number_of_documents(people, barrier, monkeypatch):
    monkeypatch.setattr(evidence, "DOCUMENTS_PER_BARRIER", 1)
    client = client_for(people["pioneer_editor"])
    assert upload(client, barrier).status_code == 302
    response = upload(client, barrier, title="Second")
    assert response.status_code == 400 and "up to 1 documents" in response.content.decode()


def test_removing_needs_a_reason_logs_it_and_deletes_the_file(
    people, barrier, django_capture_on_commit_callbacks
):
    document = evidence.add_document(people["pioneer_editor"], barrier, title="Old advice", file=pdf())
    storage, name = document.file.storage, document.file.name
    remove_url = reverse("exchange:remove_evidence", args=[barrier.pk, document.pk])
    assert client_for(people["member"]).post(remove_url, {"reason": "No"}).status_code == 403
    assert client_for(people["other_editor"]).get(remove_url).status_code == 403

    editor = client_for(people["programme_editor"])
    refused = editor.post(remove_url, {"reason": ""})
    assert (
        refused.status_code == 400 and "Enter why the document is being removed" in refused.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(remove_url, {"reason": "Superseded by the 2017 advice."})
    assert response.status_code == 302
    assert not BarrierDocument.objects.exists() and not storage.exists(name)
    history = list(barrier.events.filter(kind=BarrierEvent.DOCUMENT).values_list("reason", flat=True))
    assert history[-1] == "Removed “Old advice”: Superseded by the 2017 advice."
    assert client_for(people["member"]).get(document.get_absolute_url()).status_code == 404


def test_a_document_of_another_barrier_is_not_found_through_this_one(people, barrier):
    other = raise_kent_barrier(people["pioneer_editor"], title="Another barrier")
    document = evidence.add_document(people["pioneer_editor"], other, title="Other", file=pdf())
    wrong = reverse("exchange:evidence_document", args=[barrier.pk, document.pk])
    assert client_for(people["member"]).get(wrong).status_code == 404
