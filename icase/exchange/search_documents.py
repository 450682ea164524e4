"""Barriers in the site search: only the approved public title and summary are ever indexed, and
for everyone ("public"), so the full record (local detail, evidence, progress, history) can never
reach a search result, a suggestion or the database fallback. Members find full records through
the register's own filters."""

from search.documents import SearchDocument, register

from .models import Barrier


@register
class BarrierDocument(SearchDocument):
    model = Barrier
    type = "barrier"
    type_label = "Barrier"
    type_words = ("barrier", "barriers")

    def get_queryset(self):
        return Barrier.objects.with_public_summary().select_related("theme")

    def document_id(self, obj):
        return f"barrier-{obj.pk}"

    def revision(self, barrier):
        return "|".join([barrier.public_title, barrier.public_summary, barrier.status, barrier.theme.slug])

    def fields(self, barrier):
        return {
            "url": barrier.get_absolute_url(),
            "title": barrier.public_title,
            "summary": barrier.public_summary[:400],
            "body": barrier.public_summary[400:],
            "themes": [barrier.theme.slug],
            "theme_names": [barrier.theme.name],
            "visibility": ["public"],
            "published_at": barrier.created_at.isoformat(),
        }

    def facts(self, barrier):
        return [f"Status: {barrier.get_status_display()}"]
