"""S11/S12: uploads are limited in type and size with a clear form error, and documents are served
so that a browser never runs them."""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from wagtail.models import Collection, CollectionViewRestriction

from cms.models import AccessibleImage, DescribedDocument

from .test_roles import programme_editor  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_configured_limits(settings):
    assert "html" not in settings.WAGTAILDOCS_EXTENSIONS and "svg" not in settings.WAGTAILDOCS_EXTENSIONS
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024


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
            "alt_text": "Logo",
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
            "alt_text": "A photo",
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
