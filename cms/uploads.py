"""Upload rules shared by the Wagtail admin and “Share your story”.

An extension is only a claim: an HTML page renamed `notes.odt` passes every extension check and is
then served from our domain. `check_content` is the one rule for what a file's bytes must look
like for the extension it carries; `DescribedDocument.clean`, `AccessibleImage.clean` and the
story form all call it. `StreamedFileLimits` stops reading a request as soon as a file goes over
its limit, so an oversized upload costs at most its limit, not the whole body.
"""

import zipfile

from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

ZIP = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Office Open XML: every package has [Content_Types].xml; the folder says which application.
OFFICE_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),  # then four bytes of length and "WEBP", checked below
}
TEXT_TYPES = {"csv", "txt"}
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument text (.odt)",
    "csv": "CSV",
    "txt": "plain text",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
}
CHECKED_TYPES = set(SIGNATURES) | TEXT_TYPES
HEAD_BYTES = 4096


def _mismatch(extension):
    label = LABELS.get(extension, f".{extension}")
    return ValidationError(
        f"This file is not a real {label} file: its content does not match its .{extension} name. "
        f"Save it again in that format and upload it again.",
        code="content_mismatch",
    )


def _is_office_package(upload, extension):
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            if extension == "odt":
                if "mimetype" not in names:
                    return False
                with package.open("mimetype") as member:
                    return member.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return False
    folder = OFFICE_FOLDERS[extension]
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def _is_text(head):
    """Text, and not markup a browser could be talked into rendering: no NUL bytes (except in
    UTF-16 with its byte order mark) and no tag at the start, the first thing a browser's content
    sniffer looks for."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode()
    elif b"\x00" in head:
        return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c")[:2]
    return not (start[:1] == b"<" and (start[1:2].isalpha() or start[1:2] in (b"!", b"?", b"/")))


def _is_image(upload, extension):
    try:
        with PILImage.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of error for a broken file
        return False
    return image_format == IMAGE_FORMATS[extension]


def check_content(upload, extension):
    """Raise ValidationError unless the upload's bytes are a file of the kind its extension
    names. Unknown extensions are refused: a type is accepted only once there is a rule for it."""
    extension = extension.lower().lstrip(".")
    if extension not in CHECKED_TYPES:
        raise ValidationError(f"Files ending .{extension} cannot be checked, so they are not accepted.")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    try:
        if extension in TEXT_TYPES:
            valid = _is_text(head)
        elif not head.startswith(SIGNATURES[extension]):
            valid = False
        elif extension == "webp":
            valid = head[8:12] == b"WEBP" and _is_image(upload, extension)
        elif extension in IMAGE_FORMATS:
            valid = _is_image(upload, extension)
        elif extension in OFFICE_FOLDERS or extension == "odt":
            valid = _is_office_package(upload, extension)
        else:
            valid = True
    finally:
        upload.seek(0)
    if not valid:
        raise _mismatch(extension)


def new_upload(field_file):
    """The file just chosen in a form, or None if the field still holds the stored one."""
    if field_file and not getattr(field_file, "_committed", True):
        return field_file.file
    return None


class StreamedFileLimits(FileUploadHandler):
    """Installed before a view reads its request: counts each file field's bytes as they arrive
    and stops reading the request (without consuming the rest) once one goes over its limit.
    File fields the view does not expect are skipped, never stored. `refused` names the field
    that went over, for the view to explain."""

    def __init__(self, request, limits):
        super().__init__(request)
        self.limits = limits
        self.received = dict.fromkeys(limits, 0)
        self.refused = None

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if field_name not in self.limits:
            raise SkipFile
        if content_length is not None and content_length > self.limits[field_name]:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received[self.field_name] += len(raw_data)
        if self.received[self.field_name] > self.limits[self.field_name]:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) stores the accepted file

    def _refuse(self):
        self.refused = self.field_name
        raise StopUpload(connection_reset=True)
