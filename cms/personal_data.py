"""Personal data in the content app, for members' downloads and erasure (the registry is
icase/privacy/registry.py; this module is found by its name, so cms imports nothing from icase).

Stories members shared ("Share your story", cms/stories.py): a published one is a case study that
readers rely on, so it keeps its text and loses its "Shared by" credit, in the live page and in
every revision, unless the member asks to keep it; one never published is the member's own
unreviewed submission and is deleted with the files they sent with it.
"""

from search.indexing import record_change

from .models import CaseStudyPage
from .stories import _media_used_by


def _export_stories(user):
    return [
        {
            "title": page.title,
            "credit": page.credit,
            "published": page.first_published_at is not None,
            "first_published_at": page.first_published_at,
            "address": page.url_path,
        }
        for page in CaseStudyPage.objects.filter(submitted_by=user).order_by("pk")
    ]


def _forget_credit(page):
    CaseStudyPage.objects.filter(pk=page.pk).update(credit="", submitted_by=None)
    for revision in page.revisions.all():
        revision.content = {**revision.content, "credit": "", "submitted_by": None}
        revision.save(update_fields=["content"])
    record_change(CaseStudyPage.objects.get(pk=page.pk))


def _erase_stories(user, choices):
    for page in CaseStudyPage.objects.filter(submitted_by=user):
        if page.first_published_at is None:
            draft = page.get_latest_revision_as_object()
            for model, ids in _media_used_by(draft).items():
                model.objects.filter(pk__in=ids, uploaded_by_user=user).delete()
            page.delete()
        elif choices.keep_story_credit:
            CaseStudyPage.objects.filter(pk=page.pk).update(submitted_by=None)
        else:
            _forget_credit(page)


PERSONAL_DATA = [
    {
        "model": "cms.CaseStudyPage",
        "fields": ["submitted_by"],
        "export": _export_stories,
        "erase": _erase_stories,
    },
    {
        "model": "cms.AccessibleImage",
        "fields": ["uploaded_by_user"],
        "export": ["title", "description", "file", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "cms.DescribedDocument",
        "fields": ["uploaded_by_user"],
        "export": ["title", "description", "file", "created_at"],
        "erase": "unlink",
    },
]
