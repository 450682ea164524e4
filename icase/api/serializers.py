"""What the open API says about each content type: its fields as plain JSON, from querysets that
fetch related data in a fixed number of queries. Only live, public pages are ever read."""

from cms.models import CaseStudyPage, LearningEventPage, PioneerProfilePage, ThemedCollectionPage, ToolkitPage
from icase.links import page_url


def _date(value):
    return value.isoformat() if value else None


def _themes(page):
    return [{"slug": theme.slug, "name": theme.name} for theme in page.themes.all()]


def _common(page, type_name):
    return {
        "id": page.pk,
        "type": type_name,
        "title": page.title,
        "url": page_url(page),
        "summary": getattr(page, "summary", ""),
        "themes": _themes(page),
        "first_published_at": _date(page.first_published_at),
        "last_published_at": _date(page.last_published_at),
    }


def _pioneer(pioneer):
    return {"slug": pioneer.slug, "title": pioneer.title, "url": page_url(pioneer)} if pioneer else None


def case_study(page):
    return {
        **_common(page, "case-study"),
        "pioneer": _pioneer(page.pioneer),
        "publication_date": _date(page.publication_date),
        "evaluation_status": page.evaluation_status,
        "setting": page.setting,
        "outcomes": [
            {
                "metric": outcome.metric,
                "kind": outcome.metric_kind,
                "result": outcome.sentence,
                "value": outcome.display_value,
                "period": outcome.period,
                "population": outcome.population,
            }
            for outcome in page.outcomes.all()
        ],
    }


def toolkit(page):
    return {
        **_common(page, "toolkit"),
        "kind": page.kind,
        "publisher": page.publisher,
        "publication_date": _date(page.publication_date),
    }


def event(page):
    return {
        **_common(page, "event"),
        "kind": page.kind,
        "start": _date(page.start),
        "end": _date(page.end),
        "online": page.online,
        "venue": page.venue,
    }


def pioneer(page):
    return {**_common(page, "pioneer"), "region": page.region, "status": page.status}


def collection(page):
    return _common(page, "collection")


# type -> (model, serialiser, related data to fetch with it, the "pioneer" filter's lookup or None)
TYPES = {
    "case-study": (CaseStudyPage, case_study, ["themes", "outcomes"], "pioneer__slug"),
    "toolkit": (ToolkitPage, toolkit, ["themes"], None),
    "event": (LearningEventPage, event, ["themes"], None),
    "pioneer": (PioneerProfilePage, pioneer, ["themes"], "slug"),
    "collection": (ThemedCollectionPage, collection, ["themes"], None),
}


def queryset_for(type_name):
    model, _serialise, related, _pioneer_lookup = TYPES[type_name]
    # The API is anonymous: an event for a private network's members is not in it.
    queryset = model.objects.visible_to(None) if model is LearningEventPage else model.objects.live().public()
    queryset = queryset.prefetch_related(*related)
    if model is CaseStudyPage:
        queryset = queryset.select_related("pioneer")
    return queryset.order_by("-first_published_at", "pk")
