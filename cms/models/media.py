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
    """Wagtail's image with its description made the one, required, alternative text.

    ICASE once added its own "Alt text" field next to Wagtail's description, so editors saw two
    fields (and Wagtail's warning about the empty one). Wagtail's description is the field its
    multiple upload, admin search, chooser and `{% image %}` tag (through default_alt_text)
    already use, so it is the one kept (migration 0010 moved the old alt text into it).
    """

    description = models.CharField(
        max_length=255,
        verbose_name="alt text",
        help_text="Describe the image for someone who cannot see it: what it shows and why it is there, "
        "e.g. “Two nurses talking with a patient at home”. Do not start with “Image of”. Required.",
    )

    admin_form_fields = Image.admin_form_fields  # title, file, description (the alt text), …

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
