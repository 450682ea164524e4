"""Outcomes a source gives for a pioneer rather than for one of its case studies (issue 13, §2).

Section 4.1 of the one-year-on report gives figures for Cornwall's Penwith pilot site, Kent's
Proactive Care service and others that have no case study here; they are data on the pioneer's
profile, with the same fields, rules and wording as a case study's outcomes.
"""

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core.exceptions import ValidationError

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import CaseStudyOutcome, PioneerOutcome, PioneerProfilePage
from cms.models.outcomes import MeasuredOutcome


def outcome(**fields):
    defaults = {
        "metric": "return on investment",
        "metric_kind": "cost",
        "change": Decimal(4),
        "unit": "ratio",
        "source": "Local evaluation, 2025",
    }
    return PioneerOutcome(**{**defaults, **fields})


@pytest.mark.django_db
def test_the_pioneer_figures_of_section_4_1_are_data_with_their_qualifiers():
    cornwall = PioneerProfilePage.objects.get(slug="cornwall-and-isles-of-scilly")
    penwith = cornwall.outcomes.get(population="Penwith pilot site", metric="people admitted to hospital")
    assert (penwith.qualifier, penwith.change, penwith.evaluation_level) == ("nearly", -50, "local")
    assert penwith.sentence == "fell by nearly 50%" and penwith.period == ""
    newquay = cornwall.outcomes.get(population="Newquay")
    assert newquay.evaluation_level == "self-reported"  # the source does not tie it to the evaluation
    quality = cornwall.outcomes.get(metric_kind="wellbeing")
    assert (quality.direction, quality.sentence) == ("rose", "rose by 18%")
    roi = cornwall.outcomes.get(metric="return on investment")
    assert (roi.direction, roi.display_value, roi.sentence) == ("", "estimated at 4:1", "estimated at 4:1")
    kent = PioneerProfilePage.objects.get(slug="kent").outcomes.order_by("sort_order")
    assert [o.sentence for o in kent] == ["fell by 55%", "saving estimated to exceed £200,000"]
    assert kent[0].population == "first group of 134 patients, Proactive Care service"
    welc = PioneerProfilePage.objects.get(slug="welc").outcomes.get()
    assert welc.sentence == "saving of between £8m and £17m" and welc.period == "by 2017/18"
    assert welc.display_value == "£8m to £17m"
    torbay = PioneerProfilePage.objects.get(slug="south-devon-and-torbay").outcomes.get()
    assert torbay.population_group.slug == "care-home-residents"
    assert (torbay.sentence, torbay.period) == ("fell by nearly 10%", "over the past year to date")
    every = PioneerOutcome.objects.all()
    assert every.count() == 11
    assert set(every.values_list("page__slug", flat=True)) == {
        "cornwall-and-isles-of-scilly",
        "kent",
        "islington",
        "south-devon-and-torbay",
        "southend-on-sea",
        "welc",
    }
    assert not every.exclude(evaluation_level__in=["self-reported", "local"]).exists()
    assert not every.filter(baseline__isnull=False).exists()
    for each in every:
        assert each.source_citation == (
            "Integrated Care Pioneers: One Year On (NHS England, February 2015), section 4.1"
        )


def test_both_kinds_of_outcome_share_one_set_of_fields_and_rules():
    assert issubclass(PioneerOutcome, MeasuredOutcome) and issubclass(CaseStudyOutcome, MeasuredOutcome)
    assert MeasuredOutcome._meta.abstract
    shared = {field.name for field in MeasuredOutcome._meta.fields}
    assert shared <= {field.name for field in PioneerOutcome._meta.fields}
    for name in shared:
        assert (
            PioneerOutcome._meta.get_field(name).help_text == CaseStudyOutcome._meta.get_field(name).help_text
        )


@pytest.mark.parametrize(
    "fields, field, text",
    [
        ({"direction": "rose"}, "direction", "A ratio is a level, not a change"),
        ({"change": Decimal(-4)}, "change", "ratio's first number"),
        (
            {"unit": "gbp", "direction": "fell", "change": Decimal(8), "range_end": Decimal(5)},
            "range_end",
            "far end",
        ),
        (
            {
                "unit": "gbp",
                "direction": "fell",
                "qualifier": "over",
                "change": Decimal(8),
                "range_end": Decimal(17),
            },
            "qualifier",
            "A range says “between” itself",
        ),
        (
            {"unit": "percent", "direction": "rose", "source": ""},
            "source_document",
            "Choose the source document",
        ),
    ],
)
def test_contradictory_pioneer_outcomes_are_refused_with_a_clear_message(fields, field, text):
    with pytest.raises(ValidationError) as error:
        outcome(**fields).clean()
    assert text in " ".join(error.value.message_dict[field])


def test_a_range_of_savings_is_stored_with_both_ends_signed_as_a_fall():
    savings = outcome(unit="gbp", direction="fell", change=Decimal(8_000_000), range_end=Decimal(17_000_000))
    savings.clean()
    assert (savings.change, savings.range_end) == (-8_000_000, -17_000_000)
    assert savings.sentence == "saving of between £8m and £17m"


class PioneerOutcomeAdminTests(WagtailPageTestCase):
    """Editors add a pioneer's outcomes in an inline panel on the profile's edit form."""

    def setUp(self):
        editor = self.login()
        TOTP.activate(editor, generate_totp_secret())
        self.pioneer = PioneerProfilePage.objects.get(slug="barnsley")

    def form(self, outcomes, initial=0):
        page = self.pioneer
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "short_name": page.short_name,
                "summary": page.summary,
                "status": page.status,
                "wave": page.wave,
                "year_joined": page.year_joined,
                "region": page.region,
                "population_covered": page.population_covered,
                "population_note": page.population_note,
                "lead_organisation": page.lead_organisation,
                "partner_organisations": page.partner_organisations,
                "client_groups": page.client_groups,
                **{name: rich_text(getattr(page, name)) for name, _ in PioneerProfilePage.PROFILE_SECTIONS},
                "contact_details": rich_text(page.contact_details),
                "sources": streamfield([]),
                "outcomes": inline_formset(outcomes, initial=initial),
            }
        )
        data["themes"] = [theme.pk for theme in page.themes.all()]
        return data

    def valid_outcome(self, **fields):
        return {
            "metric": "people using telecare",
            "metric_kind": "other",
            "direction": "rose",
            "qualifier": "over",
            "change": "12",
            "range_end": "",
            "unit": "percent",
            "population": "telecare users",
            "population_group": "",
            "period": "",
            "baseline": "",
            "baseline_label": "",
            "evaluation_level": "local",
            "source_document": "",
            "source_section": "",
            "source": "Barnsley telecare review, 2025",
            "source_url": "",
            **fields,
        }

    def test_the_profile_form_has_the_outcome_panel_with_its_help(self):
        response = self.client.get(f"/admin/pages/{self.pioneer.pk}/edit/")
        for text in [
            "Measured outcomes",
            "Kind of measure",
            "Evaluation level",
            "lowest level",
            "for a range",
        ]:
            self.assertContains(response, text)

    def test_an_editor_adds_an_outcome_and_an_error_keeps_the_input(self):
        edit_url = f"/admin/pages/{self.pioneer.pk}/edit/"
        wrong = self.valid_outcome(unit="ratio")  # a ratio with a direction
        response = self.client.post(edit_url, self.form([wrong]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A ratio is a level, not a change")
        self.assertContains(response, 'value="people using telecare"')
        self.assertContains(response, "Barnsley telecare review, 2025")
        self.assertEqual(response.status_code, 200)

        response = self.client.post(edit_url, self.form([self.valid_outcome()]))
        self.assertEqual(response.status_code, 302)
        revised = PioneerProfilePage.objects.get(pk=self.pioneer.pk).get_latest_revision_as_object()
        self.assertEqual(revised.outcomes.get().sentence, "rose by over 12%")
