"""S11/S12: uploads are limited in type and size with a clear form error, and documents are served
so that a browser never runs them."""

import io
import zipfile

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from wagtail.models import Collection, CollectionViewRestriction

from cms.models import AccessibleImage, DescribedDocument

pytestmark = pytest.mark.django_db


def test_configured_limits(settings):
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS and "svg" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440  # larger files wait on disk, not in memory
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440


def zip_named(name, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def add_document(client, upload):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "A document I described carefully",
            "description": "Kept after the error",
            "collection": Collection.get_first_root_node().pk,
            "file": upload,
        },
    )


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.odt", b"<html><script>alert(1)</script></html>"),
        ("page.txt", b"  <!DOCTYPE html><script>alert(1)</script>"),
        ("page.csv", b"<svg onload=alert(1)>"),
        ("page.docx", None),  # a ZIP file, but not a Word document
        ("page.xlsx", b"PK\x03\x04 not really a ZIP file"),
    ],
)
def test_documents_whose_content_is_not_what_their_name_says_are_refused(
    programme_editor,  # noqa: F811
    name,
    body,
):
    upload = zip_named(name, {"index.html": b"<html/>"}) if body is None else SimpleUploadedFile(name, body)
    response = add_document(programme_editor, upload)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This file is not a real" in content
    assert "A document I described carefully" in content
    assert not DescribedDocument.objects.filter(title="A document I described carefully").exists()


def test_the_multiple_uploader_checks_content_too(programme_editor):  # noqa: F811
    response = programme_editor.post(
        "/admin/documents/multiple/add/",
        {
            "collection": Collection.get_first_root_node().pk,
            "files[]": SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>"),
        },
    )
    assert response.json()["success"] is False
    assert "This file is not a real PDF file" in response.json()["error_message"]
    assert not DescribedDocument.objects.filter(title="page.pdf").exists()


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("figures.csv", b"area,admissions\nKent,12\nMedway,8\n"),
        lambda: SimpleUploadedFile("notes.txt", "\ufeffCafé notes, UTF-8 with a byte order mark".encode()),
        lambda: SimpleUploadedFile("paper.pdf", b"%PDF-1.7\n"),
        lambda: zip_named("deck.pptx", {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
    ],
)
def test_documents_of_the_kind_their_name_says_are_accepted(programme_editor, upload):  # noqa: F811
    response = add_document(programme_editor, upload())
    assert response.status_code == 302
    assert DescribedDocument.objects.filter(title="A document I described carefully").exists()


def test_images_over_the_pixel_limit_are_refused(programme_editor):  # noqa: F811
    buffer = io.BytesIO()
    PILImage.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 million pixels in a few kilobytes
    response = programme_editor.post(
        "/admin/images/add/",
        {
            "title": "Huge diagram",
            "description": "A diagram",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not AccessibleImage.objects.filter(title="Huge diagram").exists()


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "script.js"])
def test_documents_of_a_dangerous_type_are_refused_with_input_kept(programme_editor, name):  # noqa: F811
    response = programme_editor.post(
        "/admin/documents/add/",
        {
            "title": "A document I described carefully",
            "description": "Kept after the error",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, b"<script>alert(1)</script>", content_type="text/html"),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Not a supported document format" in content or "extension" in content.lower()
    assert "A document I described carefully" in content
    assert not DescribedDocument.objects.filter(title="A document I described carefully").exists()


def test_svg_images_are_refused(programme_editor):  # noqa: F811
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    response = programme_editor.post(
        "/admin/images/add/",
        {
            "title": "Logo",
            "description": "Logo",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert not AccessibleImage.objects.filter(title="Logo").exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024, WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_uploads_over_the_size_limit_are_refused(programme_editor):  # noqa: F811
    big_document = programme_editor.post(
        "/admin/documents/add/",
        {
            "title": "Large spreadsheet",
            "description": "Too big",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("large.csv", b"a,b\n" * 1000, content_type="text/csv"),
        },
    )
    assert big_document.status_code == 200
    assert "too big" in big_document.content.decode().lower()
    buffer = io.BytesIO()
    PILImage.effect_noise((200, 200), 100).convert("RGB").save(buffer, "PNG")
    big_image = programme_editor.post(
        "/admin/images/add/",
        {
            "title": "Large photo",
            "description": "A photo",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("large.png", buffer.getvalue(), content_type="image/png"),
        },
    )
    assert big_image.status_code == 200
    assert "too big" in big_image.content.decode().lower()
    assert not AccessibleImage.objects.filter(title="Large photo").exists()


@pytest.mark.parametrize(
    ("name", "body"), [("legacy.html", b"<script>alert(1)</script>"), ("legacy.svg", b"<svg/>")]
)
def test_html_and_svg_documents_are_downloads_never_inline(client, name, body):
    document = DescribedDocument.objects.create(
        title=f"Legacy {name}", description="Imported before the rules", file=SimpleUploadedFile(name, body)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_documents_in_a_private_collection_are_refused_to_anonymous_visitors():
    private = Collection.get_first_root_node().add_child(name="Programme board papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = DescribedDocument.objects.create(
        title="Board paper",
        description="Private",
        collection=private,
        file=SimpleUploadedFile("board.pdf", b"%PDF-1.4"),
    )
    response = Client().get(document.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
