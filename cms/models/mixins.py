"""Behaviour shared by ICASE page types."""

from django.db import models

from wagtail.fields import RichTextField


class SummaryMixin(models.Model):
    """A plain-text summary used for cards, meta descriptions and search snippets."""

    summary = models.TextField(
        max_length=400, help_text="One or two sentences shown in listings and search results."
    )

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.summary


class IndexIntroMixin(models.Model):
    """Index pages open with a short editor-written introduction."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or ""
