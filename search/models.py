"""Search state kept in the database: editor synonyms, the indexing outbox and the query log."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class SearchSynonym(models.Model):
    """An editor's synonym rule. Searches use it within a minute of saving, in both backends
    (search/vocabulary.py expands it at query time); Elasticsearch's own query analyzer also
    compiles it at the next rebuild (`manage.py search_index rebuild`, zero downtime)."""

    terms = models.CharField(
        max_length=300,
        help_text="Words or phrases that mean the same, separated by commas, "
        "e.g. “ICS, integrated care system”.",
    )
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why this rule exists.")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("active"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym"

    def __str__(self):
        return self.terms

    @property
    def rule(self):
        """The Solr-format rule, lower-cased like the text it is matched against."""
        terms = [" ".join(term.lower().replace("&", " and ").split()) for term in self.terms.split(",")]
        return ", ".join(term for term in terms if term)

    def clean(self):
        if len([term for term in self.terms.split(",") if term.strip()]) < 2:
            raise ValidationError({"terms": "Give at least two words or phrases, separated by commas."})


class IndexOutboxEntry(models.Model):
    """A change to apply to the index. Written for every change, so nothing is lost while
    Elasticsearch is down, and replayed into a new index built during a rebuild."""

    document_id = models.CharField(max_length=100, db_index=True)
    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.document_id} ({'done' if self.processed_at else 'pending'})"


class SearchQueryLog(models.Model):
    """One search as typed, for the editors' top-queries and zero-results reports."""

    query = models.CharField(max_length=200, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    results = models.PositiveIntegerField()
    backend = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.query


register_snippet(SearchSynonym)
