"""The one content rule for uploads (cms/uploads.py): a file is accepted only if its bytes are what
its extension says, for every type the admin or the story form accepts."""

import io
import zipfile

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.uploads import CHECKED_TYPES, check_content


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image(image_format, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (4, 4), "white").save(buffer, image_format)
    return buffer.getvalue()


OOXML = {"[Content_Types].xml": b"<Types/>"}
GOOD = {
    "pdf": b"%PDF-1.7\n%...",
    "docx": zipped({**OOXML, "word/document.xml": b"<w/>"}),
    "xlsx": zipped({**OOXML, "xl/workbook.xml": b"<x/>"}),
    "pptx": zipped({**OOXML, "ppt/presentation.xml": b"<p/>"}),
    "odt": zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"}),
    "csv": b"area,count\nKent,3\n",
    "txt": "Notes from the “night sitting” meeting".encode("cp1252"),
    "jpg": image("JPEG"),
    "jpeg": image("JPEG"),
    "png": image("PNG"),
    "gif": image("GIF", "P"),
    "webp": image("WEBP"),
}
HTML = b"<!DOCTYPE html><script>alert(1)</script>"
BAD = [
    *[(extension, HTML) for extension in GOOD],
    ("pdf", b"PDF-1.7 without its percent sign"),
    ("docx", zipped({**OOXML, "xl/workbook.xml": b"<x/>"})),  # a spreadsheet called .docx
    ("docx", zipped({"word/document.xml": b"<w/>"})),  # no [Content_Types].xml
    ("odt", zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
    ("odt", b"PK\x03\x04 then nothing a ZIP reader understands"),
    ("png", image("JPEG")),  # a JPEG renamed .png
    ("png", b"\x89PNG\r\n\x1a\n then garbage"),
    ("txt", b"binary\x00data"),
    ("csv", b"\xef\xbb\xbf  <svg onload=alert(1)>"),
    ("txt", "<html>".encode("utf-16")),
    ("exe", b"MZ"),
]


def test_every_accepted_extension_has_a_content_rule():
    accepted = {*settings.WAGTAILDOCS_EXTENSIONS, *settings.WAGTAILIMAGES_EXTENSIONS}
    assert accepted <= CHECKED_TYPES and accepted <= set(GOOD)


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_files_of_the_kind_their_name_says_pass(extension):
    upload = SimpleUploadedFile(f"file.{extension}", GOOD[extension])
    check_content(upload, extension)
    assert upload.tell() == 0  # ready to be stored


@pytest.mark.parametrize(("extension", "content"), BAD)
def test_files_whose_content_is_something_else_are_refused(extension, content):
    with pytest.raises(ValidationError):
        check_content(SimpleUploadedFile(f"file.{extension}", content), extension)


def test_text_may_mention_tags_after_it_starts():
    check_content(SimpleUploadedFile("notes.txt", b"Use <b> for bold, <i> for italic."), "txt")
    check_content(SimpleUploadedFile("scores.csv", b"score\n<5\n>10\n"), "csv")
