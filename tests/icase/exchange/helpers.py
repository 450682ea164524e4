"""People in every role of the barriers register, and barriers made through the services."""

from django.contrib.auth import get_user_model

from cms.models import PioneerProfilePage, Theme
from cms.roles import make_pioneer_editor, make_programme_editor
from icase.exchange import services
from icase.exchange.models import Barrier
from tests.icase.community.helpers import make_member


def pioneer(slug):
    return PioneerProfilePage.objects.get(slug=slug)


def ig_theme():
    return Theme.objects.get(slug="information-governance")


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def make_people():
    """One person per role in the issue's role table (Kent raises; Greenwich is another pioneer)."""
    kent, greenwich = pioneer("kent"), pioneer("greenwich")
    kent_editor = make_member("kent-editor", trusted=False)
    make_pioneer_editor(kent_editor, kent)
    other_editor = make_member("greenwich-editor", trusted=False)
    make_pioneer_editor(other_editor, greenwich)
    programme_editor = make_member("programme-editor", trusted=False)
    make_programme_editor(programme_editor)
    expert = make_member("ig-expert", trusted=False)
    expert.profile.expert_themes.add(ig_theme())
    return {
        "anonymous": None,
        "member": make_member("plain-member", trusted=False),
        "pioneer_member": make_member("kent-member", trusted=False, pioneer=kent),
        "pioneer_editor": fresh(kent_editor),
        "other_editor": fresh(other_editor),
        "expert": fresh(expert),
        "programme_editor": fresh(programme_editor),
    }


BARRIER_FIELDS = {
    "title": "Linking health and care data to profile population needs",
    "description": "We cannot link GP and social care records to find people at risk.",
    "effect_on_people": "People at risk are found late, after a crisis.",
    "level": Barrier.NATIONAL,
    "rule_or_body": "The legal basis for sharing identifiable data for risk profiling",
    "partner": "dh",
    "evidence": "https://example.org/deep-dive",
}


def raise_kent_barrier(editor, **overrides):
    fields = {**BARRIER_FIELDS, "theme": ig_theme(), **overrides}
    return services.raise_barrier(editor, pioneer=pioneer("kent"), **fields)


def walk_to(barrier, status, editor, partner="dh"):
    """Move `barrier` one step at a time to `status` (a stage or a closed outcome)."""
    if barrier.status == status:
        return barrier
    path = Barrier.STAGES[Barrier.STAGES.index(barrier.status) + 1 :]
    for step in path:
        services.change_status(editor, barrier, step, f"Moved to {step}", partner=partner)
        if step == status:
            return barrier
    if status in Barrier.CLOSED:
        services.change_status(editor, barrier, status, "Explained outcome")
    return barrier
