"""Members, a moderator and discussions on the browser tests' site (run with `manage.py shell`)."""

from cms.models import CaseStudyPage, Theme
from icase.community.models import Category, Post
from tests.icase.community.helpers import make_member, make_moderator, make_thread

MEMBER = "priya@example.org"
PIONEER_EDITOR = "kent-editor@example.org"
PROGRAMME_EDITOR = "programme-editor@example.org"
# Fixed authenticator secrets, so the browser tests can compute two-factor codes.
TOTP_SECRETS = {
    PIONEER_EDITOR: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    PROGRAMME_EDITOR: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
}
MODERATOR = "moderator@example.org"
THREAD_TITLE = "How did you agree your first information sharing agreement?"


def create():
    case_study = CaseStudyPage.objects.live().get(slug="kent-proactive-reablement")
    priya = make_member(
        "priya",
        display_name="Priya Shah",
        role="Integration programme manager",
        organisation="Kent County Council",
        sector="local-authority",
        region="south-east",
        pioneer=case_study.pioneer,
        contactable=True,
        bio="I ran the proactive reablement pilot and the information sharing workstream.",
        themes=list(Theme.objects.filter(slug__in=["information-governance", "avoiding-admission"])),
    )
    priya.profile.expert_themes.set(Theme.objects.filter(slug="information-governance"))
    tom = make_member(
        "tom", display_name="Tom Evans", organisation="South Devon and Torbay", contactable=True
    )
    make_moderator()
    thread = make_thread(
        tom,
        title=THREAD_TITLE,
        raw="We have **three** organisations and one data controller question. What did you do first?",
        page=case_study,
    )
    Post.objects.create(
        thread=thread,
        author=priya,
        raw=(
            "We started with a [data flow map](https://www.example.org/data-flows) and the s251 guidance."
            "\n\n- list every flow\n- agree a lawful basis"
        ),
    )
    thread.refresh_counts()
    newcomer = make_member("newcomer", trusted=False, display_name="Sam Newcomer")
    from icase.community import services

    services.reply(newcomer, thread, "Thank you, this is really useful for us in Cornwall.")
    services.flag(tom, thread.posts.get(author=priya), "off-topic", "Checking the review queue")
    assert Category.objects.filter(is_private=True).exists()
    create_editors()


def create_editors():
    from allauth.mfa.totp.internal.auth import TOTP

    from cms.models import PioneerProfilePage
    from cms.roles import make_pioneer_editor, make_programme_editor

    kent_editor = make_member("kent-editor", display_name="Kim Kent")
    make_pioneer_editor(kent_editor, PioneerProfilePage.objects.get(slug="kent"))
    programme_editor = make_member("programme-editor", display_name="Pat Programme")
    make_programme_editor(programme_editor)
    for user in (kent_editor, programme_editor):
        TOTP.activate(user, TOTP_SECRETS[user.email])
