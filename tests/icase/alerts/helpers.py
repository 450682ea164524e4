"""Publishing and subscribing for alert tests, through the same code paths as the site."""

from cms.models import PioneerProfilePage
from icase.alerts import services
from tests.cms.factories import CaseStudyPageFactory


def publish_case_study(captured, pioneer="kent", **fields):
    """A new case study published as an editor publishes it (a revision, page_published), with
    the matching run that publishing queues once the transaction commits."""
    parent = PioneerProfilePage.objects.get(slug=pioneer)
    page = CaseStudyPageFactory(parent=parent, live=False, **fields)
    with captured(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def subscribe(user, query="", **filters):
    subscription, _created = services.subscribe(
        user, query=query, filters={param: list(values) for param, values in filters.items()}
    )
    return subscription
