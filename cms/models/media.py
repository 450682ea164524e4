"""Image and document models that make accessible descriptions mandatory.

The stock models let an editor upload an image with no alternative text; ICASE is for people who
use screen readers too, so the description is a required field rather than a habit. Both also
check that a new file's content is what its name says (`cms.uploads.check_content`): Wagtail
checks only the extension of a document.
"""

import os

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from ..uploads import check_content, new_upload


def _check_new_file(field_file):
    """Every admin upload form (add, edit, multiple upload, chooser) runs the model's clean()."""
    upload = new_upload(field_file)
    if upload is not None:
        try:
            check_content(upload, os.path.splitext(field_file.name)[1])
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error


class AccessibleImage(AbstractImage):
    alt_text = models.CharField(
        max_length=255,
        help_text="Describe the image for someone who cannot see it. Required.",
    )

    admin_form_fields = Image.admin_form_fields + ("alt_text",)

    @property
    def default_alt_text(self):
        return self.alt_text

    def clean(self):
        super().clean()
        _check_new_file(self.file)


class AccessibleRendition(AbstractRendition):
    image = models.ForeignKey(AccessibleImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class DescribedDocument(AbstractDocument):
    description = models.CharField(
        max_length=400,
        help_text="What the document is and its format, read out next to the download link. Required.",
    )

    admin_form_fields = Document.admin_form_fields + ("description",)

    def clean(self):
        super().clean()  # Wagtail's extension check (WAGTAILDOCS_EXTENSIONS) comes first
        _check_new_file(self.file)

    @property
    def extension(self):
        return self.file_extension.upper()
