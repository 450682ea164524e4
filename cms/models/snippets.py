"""Taxonomies editors manage as snippets: themes, population groups and the "I statements"."""

from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from ..panels import ChosenPageInlinePanel


class Theme(PreviewableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """An enabler workstream or a care model; every piece of content is tagged with some.

    Editors preview a theme's page before saving and keep its revisions (history, compare,
    revert), as with pages. A theme has no draft state: its name and description label content
    across the site, so a saved change is live at once."""

    # The pages tagged with a theme, by the related names of their `themes` fields.
    TAGGED_RELATIONS = ("case_studies", "toolkits", "events", "collections", "pioneers")

    ENABLER = "enabler"
    CARE_MODEL = "care_model"
    KIND_CHOICES = [(ENABLER, "Enabler workstream"), (CARE_MODEL, "Care model")]
    # Wherever a theme is chosen, the checkboxes come in these two groups (cms.widgets).
    choice_groups = "kind"
    choice_group_labels = {ENABLER: "Enabler workstreams", CARE_MODEL: "Care models"}

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=30, help_text="Acronym or short label used on filters and tags, e.g. “IG”."
    )
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=CARE_MODEL)
    description = models.TextField()
    sort_order = models.PositiveSmallIntegerField(default=0, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldPanel(
            "short_name",
            help_text="An acronym (“IG”) is shown in brackets after the name; any other short label "
            "is only a search term.",
        ),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        ChosenPageInlinePanel(
            "picks",
            heading="Editor's picks",
            label="Pick",
            max_num=6,
            help_text="Shown first on the theme's page, in this order (drag to reorder).",
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        # Forms (share your story, a member's profile) and the admin name a theme as visitors see it.
        return self.label

    def get_preview_template(self, request, mode_name):
        return "cms/theme_page.html"

    def get_preview_context(self, request, mode_name):
        from .theme import theme_page_context  # the theme page lives with the theme index

        return theme_page_context(self, request, preview=True)

    @property
    def label(self):
        """The one label a visitor sees on tags, filters and theme pages.

        Tags used to show the short name and filters the full name, so "MDT" and "Multi-disciplinary
        teams…" read as two different things. The full name is the label; an acronym people search
        and speak by ("IG", "MDT") follows it in brackets, and a short form that is not an acronym
        ("Admission avoidance") is never shown, since it only repeats the name less clearly.
        """
        acronym = self.short_name.strip()
        if not acronym.isupper() or acronym.lower() in self.name.lower().split():
            return self.name
        return f"{self.name} ({acronym})"


class ThemePick(Orderable):
    """An editor's pick: a page the programme recommends first to anyone exploring a theme."""

    theme = ParentalKey(Theme, on_delete=models.CASCADE, related_name="picks")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="Why it is worth reading first.")

    panels = [PageChooserPanel("page"), FieldPanel("note")]

    def __str__(self):
        return f"{self.theme}: {self.page}"


class PopulationGroup(models.Model):
    """Who a case study is for; a fixed, short vocabulary keeps the filter usable."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    choose_with_checkboxes = True  # a short list: checkboxes, not a Ctrl-click box (cms.widgets)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class IStatement(models.Model):
    """One statement of National Voices' narrative for person-centred coordinated care."""

    GROUP_CHOICES = [
        ("goals", "My goals/outcomes"),
        ("communication", "Communication"),
        ("information", "Information"),
        ("decisions", "Decision making including budgets"),
        ("care_planning", "Care planning"),
        ("transitions", "Transitions"),
    ]

    group = models.CharField(max_length=20, choices=GROUP_CHOICES)
    text = models.CharField(max_length=300, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    choice_groups = "group"  # chosen as checkboxes under National Voices' headings (cms.widgets)

    panels = [FieldPanel("group"), FieldPanel("text"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "“I” statement"

    def __str__(self):
        return self.text


# Theme is registered with its listing in cms/wagtail_hooks.py (cms.snippet_views.ThemeViewSet).
register_snippet(PopulationGroup)
register_snippet(IStatement)
