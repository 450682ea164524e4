"""Where each page type may live, and that editors can create them there through the admin."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms import models
from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CollectionIndexPage,
    EventIndexPage,
    HomePage,
    LearningEventPage,
    PioneerIndexPage,
    PioneerProfilePage,
    StandardPage,
    ThemedCollectionPage,
    ThemeIndexPage,
    ToolkitIndexPage,
    ToolkitPage,
)

SECTIONS = {
    CaseStudyIndexPage: set(),  # lists every case study; they live under their pioneers
    PioneerIndexPage: {PioneerProfilePage},
    ToolkitIndexPage: {ToolkitPage},
    EventIndexPage: {LearningEventPage},
    CollectionIndexPage: {ThemedCollectionPage},
    ThemeIndexPage: set(),
}


class PageHierarchyTests(WagtailPageTestCase):
    def test_home_page_holds_the_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {*SECTIONS, StandardPage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_each_section_holds_only_its_own_detail_pages(self):
        for index_model, detail_models in SECTIONS.items():
            with self.subTest(index=index_model.__name__):
                self.assertAllowedParentPageTypes(index_model, {HomePage})
                self.assertAllowedSubpageTypes(index_model, detail_models)
                for detail_model in detail_models - {PioneerProfilePage}:
                    self.assertAllowedParentPageTypes(detail_model, {index_model})
                    self.assertAllowedSubpageTypes(detail_model, set())

    def test_case_studies_live_in_their_pioneers_subtree(self):
        self.assertAllowedParentPageTypes(PioneerProfilePage, {PioneerIndexPage})
        self.assertAllowedSubpageTypes(PioneerProfilePage, {CaseStudyPage})
        self.assertAllowedParentPageTypes(CaseStudyPage, {PioneerProfilePage})
        self.assertAllowedSubpageTypes(CaseStudyPage, set())
        for case_study in CaseStudyPage.objects.all():
            self.assertEqual(case_study.pioneer_id, case_study.get_parent().pk)

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_detail_pages_cannot_be_created_in_another_section(self):
        self.assertCanNotCreateAt(PioneerIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(CaseStudyIndexPage, ToolkitPage)
        self.assertCanNotCreateAt(CaseStudyIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)
        self.assertCanNotCreateAt(CaseStudyPage, CaseStudyPage)
        self.assertCanNotCreateAt(Page, CaseStudyPage)

    def test_sections_are_singletons_once_they_exist(self):
        home = HomePage.objects.get()
        for index_model in SECTIONS:
            with self.subTest(index=index_model.__name__):
                self.assertFalse(
                    index_model.can_create_at(home), "a second section index must not be allowed"
                )


class AdminCreationTests(WagtailPageTestCase):
    """Editors create pages through the real admin form, including StreamField and inline outcomes."""

    def setUp(self):
        editor = self.login()
        TOTP.activate(editor, generate_totp_secret())  # the admin requires two-factor authentication
        self.pioneer = PioneerProfilePage.objects.get(slug="kent")
        self.index = self.pioneer
        self.theme = models.Theme.objects.get(slug="avoiding-admission")

    def case_study_form(self, **overrides):
        data = {
            "title": "Frailty hub in a market town",
            "slug": "frailty-hub-market-town",
            "summary": "A hub for frail older people.",
            "setting": "community",
            "evaluation_status": "local",
            "publication_date": "2025-01-10",
            "review_date": "2026-01-10",
            "publication_date_precision": "day",
            "body": streamfield([("paragraph", rich_text("<p>What happened.</p>"))]),
            "sources": streamfield([]),
            "outcomes": inline_formset(
                [
                    {
                        "metric": "emergency admissions",
                        "metric_kind": "emergency-admissions",
                        "evaluation_level": "local",
                        "change": "-12",
                        "unit": "percent",
                        "period": "first six months",
                        "source": "local audit",
                    }
                ]
            ),
            "contact": rich_text("<p>Hub manager</p>"),
        }
        data.update(overrides)
        form_data = nested_form_data(data)
        form_data["themes"] = [self.theme.pk]
        return form_data

    def test_an_editor_can_create_a_case_study_with_outcomes(self):
        self.assertCanCreate(self.index, CaseStudyPage, self.case_study_form())
        created = CaseStudyPage.objects.get(slug="frailty-hub-market-town")
        self.assertEqual(created.outcomes.get().display_change, "−12%")
        self.assertEqual(created.pioneer, self.pioneer)  # from where it was created

    def test_review_date_before_publication_is_rejected_and_input_kept(self):
        response = self.client.post(
            f"/admin/pages/add/cms/casestudypage/{self.index.pk}/",
            self.case_study_form(review_date="2024-01-01"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The review date must be after the publication date.")
        self.assertContains(response, "Frailty hub in a market town")
        self.assertFalse(CaseStudyPage.objects.filter(slug="frailty-hub-market-town").exists())

    def test_an_editor_can_create_a_standard_page(self):
        home = HomePage.objects.get()
        data = nested_form_data(
            {
                "title": "Contact us",
                "slug": "contact-us",
                "summary": "How to reach the programme team.",
                "body": streamfield([("paragraph", rich_text("<p>Write to the programme team.</p>"))]),
                "sources": streamfield([]),
            }
        )
        self.assertCanCreate(home, StandardPage, data)
