"""Image and document models that make accessible descriptions mandatory.

The stock models let an editor upload an image with no alternative text; ICASE is for people who
use screen readers too, so the description is a required field rather than a habit.
"""

from django.db import models

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class AccessibleImage(AbstractImage):
    alt_text = models.CharField(
        max_length=255,
        help_text="Describe the image for someone who cannot see it. Required.",
    )

    admin_form_fields = Image.admin_form_fields + ("alt_text",)

    @property
    def default_alt_text(self):
        return self.alt_text


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

    @property
    def extension(self):
        return self.file_extension.upper()
