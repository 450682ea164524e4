"""Outcomes as data (issue 13, section 2): the seeded figures, the editing rules and the admin form."""

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core.exceptions import ValidationError

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import CaseStudyOutcome, CaseStudyPage, PioneerProfilePage, Theme
from cms.models.outcomes import EVALUATION_LEVEL_CHOICES, EVALUATION_RULES, METRIC_KIND_CHOICES


def outcome(**fields):
    defaults = {
        "metric": "emergency admissions",
        "metric_kind": "emergency-admissions",
        "change": Decimal(55),
        "direction": "fell",
        "unit": "percent",
        "source": "Local audit, March 2025",
    }
    return CaseStudyOutcome(**{**defaults, **fields})


def messages(error):
    return {field: " ".join(texts) for field, texts in error.value.message_dict.items()}


@pytest.mark.django_db
def test_seeded_outcomes_say_what_the_source_says_and_no_more():
    greenwich = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    care_homes = greenwich.outcomes.get(metric="admissions to care homes")
    assert (care_homes.metric_kind, care_homes.direction, care_homes.value) == (
        "care-home-admissions",
        "fell",
        35,
    )
    assert care_homes.evaluation_level == "self-reported"  # "found": no evaluation described
    productivity = greenwich.outcomes.get(metric="productivity saving")
    assert (productivity.qualifier, productivity.evaluation_level) == ("over", "local")  # "were evaluated"
    assert productivity.sentence == "saving of over 5%"
    worcestershire = CaseStudyPage.objects.get(slug="worcestershire-care-home-care-planning")
    attendance = worcestershire.outcomes.get(metric_kind="ae-attendances")
    assert attendance.population == "care home residents" and attendance.period == ""
    assert attendance.sentence == "fell by 23%"
    every = CaseStudyOutcome.objects.all()
    assert every.count() == 6
    assert not every.filter(baseline__isnull=False).exists()  # no source gives a baseline
    assert not every.exclude(evaluation_level__in=["self-reported", "local"]).exists()
    for each in every:
        assert each.source_citation.startswith(
            "Integrated Care Pioneers: One Year On (NHS England, February 2015)"
        )
        assert each.source_section == "section 4.1"


def test_the_controlled_lists_match_the_issue():
    assert len(METRIC_KIND_CHOICES) == 12 and METRIC_KIND_CHOICES[-1] == ("other", "Other")
    assert [label for _, label in EVALUATION_LEVEL_CHOICES] == [
        "Self-reported",
        "Local evaluation",
        "Independent evaluation",
        "Peer-reviewed",
    ]
    assert set(EVALUATION_RULES) == {key for key, _ in EVALUATION_LEVEL_CHOICES}
    assert [label for _, label in CaseStudyOutcome.UNIT_CHOICES] == [
        "%",
        "£",
        "count",
        "days",
        "ratio (as in 4:1)",
    ]


def test_a_fall_entered_as_a_size_is_stored_negative_and_the_direction_follows_a_sign():
    fall = outcome(change=Decimal(55))
    fall.clean()
    assert fall.change == -55 and fall.display_change == "−55%"
    signed = outcome(change=Decimal(-12), direction="")
    signed.clean()
    assert signed.direction == "fell" and signed.sentence == "fell by 12%"


@pytest.mark.parametrize(
    "fields, field, text",
    [
        ({"direction": "rose", "change": Decimal(-5)}, "change", "A rise is a positive number"),
        ({"change": Decimal(120)}, "change", "more than 100%"),
        ({"change": Decimal(0)}, "change", "zero change"),
        ({"source": ""}, "source_document", "Choose the source document"),
        ({"source_section": "section 4.1"}, "source_section", "needs its source document"),
        ({"baseline": Decimal(40)}, "baseline_label", "Say what the baseline counts"),
        (
            {"unit": "count", "change": Decimal(50), "baseline": Decimal(40), "baseline_label": "a month"},
            "change",
            "larger than the baseline",
        ),
    ],
)
def test_contradictory_outcomes_are_refused_with_a_clear_message(fields, field, text):
    with pytest.raises(ValidationError) as error:
        outcome(**fields).clean()
    assert text in messages(error)[field]


def test_a_baseline_gives_the_before_and_after_levels():
    with_baseline = outcome(change=Decimal(25), baseline=Decimal(200), baseline_label="admissions a month")
    with_baseline.clean()
    assert with_baseline.after_value == 150
    assert with_baseline.format_level(with_baseline.after_value) == "150"


class OutcomeAdminTests(WagtailPageTestCase):
    """Editors add and change outcomes in the case study's inline panel, through the real admin."""

    def setUp(self):
        editor = self.login()
        TOTP.activate(editor, generate_totp_secret())
        self.pioneer = PioneerProfilePage.objects.get(slug="kent")
        self.theme = Theme.objects.get(slug="avoiding-admission")

    def form(self, outcomes, initial=0):
        data = nested_form_data(
            {
                "title": "Frailty hub in a market town",
                "slug": "frailty-hub-market-town",
                "summary": "A hub for frail older people.",
                "setting": "community",
                "evaluation_status": "local",
                "publication_date": "2025-01-10",
                "publication_date_precision": "day",
                "review_date": "2026-01-10",
                "body": streamfield([("paragraph", rich_text("<p>What happened.</p>"))]),
                "sources": streamfield([]),
                "outcomes": inline_formset(outcomes, initial=initial),
                "contact": rich_text(""),
            }
        )
        data["themes"] = [self.theme.pk]
        return data

    def valid_outcome(self, **fields):
        return {
            "metric": "emergency admissions",
            "metric_kind": "emergency-admissions",
            "direction": "fell",
            "qualifier": "nearly",
            "change": "30",
            "unit": "percent",
            "population": "first 40 patients",
            "period": "",
            "baseline": "",
            "baseline_label": "",
            "evaluation_level": "local",
            "source_document": "",
            "source_section": "",
            "source": "Hub evaluation report, 2025",
            "source_url": "",
            **fields,
        }

    def test_the_inline_panel_shows_the_fields_and_their_help(self):
        response = self.client.get(f"/admin/pages/add/cms/casestudypage/{self.pioneer.pk}/")
        for text in [
            "Kind of measure",
            "Evaluation level",
            "Population or setting",
            "Baseline",
            "lowest level",
        ]:
            self.assertContains(response, text)

    def test_an_editor_adds_then_corrects_an_outcome_and_errors_keep_the_input(self):
        add_url = f"/admin/pages/add/cms/casestudypage/{self.pioneer.pk}/"
        self.assertEqual(self.client.post(add_url, self.form([self.valid_outcome()])).status_code, 302)
        page = CaseStudyPage.objects.get(slug="frailty-hub-market-town")
        saved = page.outcomes.get()
        self.assertEqual((saved.change, saved.display_value), (-30, "nearly −30%"))

        edited = self.valid_outcome(
            id=str(saved.pk), direction="rose", change="-30", metric="unplanned admissions"
        )
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", self.form([edited], initial=1))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A rise is a positive number")
        self.assertContains(response, 'value="unplanned admissions"')
        self.assertContains(response, 'value="-30"')
        self.assertContains(response, "first 40 patients")
        self.assertEqual(CaseStudyOutcome.objects.get(pk=saved.pk).metric, "emergency admissions")

        fixed = {**edited, "change": "12"}
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", self.form([fixed], initial=1))
        self.assertEqual(response.status_code, 302)
        revised = CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object().outcomes.get()
        self.assertEqual((revised.metric, revised.sentence), ("unplanned admissions", "rose by nearly 12%"))
