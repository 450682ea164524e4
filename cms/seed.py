"""Builds the site from the readable data files in fixtures/.

Each fixture entry is written once and recorded with a checksum (SeedRecord). Running the loader
again skips entries whose checksum is unchanged, so it is idempotent, says what it did, and never
overwrites an editor's later work on an entry whose fixture has not changed.
"""

import hashlib
import json
from pathlib import Path

import yaml

from django.conf import settings
from django.core.files import File
from django.db import transaction

from wagtail.models import Page, Site

from .models import (
    CaseStudyIndexPage,
    CaseStudyOutcome,
    CaseStudyPage,
    CollectionIndexPage,
    CollectionItem,
    DescribedDocument,
    EventIndexPage,
    HomePage,
    IStatement,
    LearningEventPage,
    PioneerIndexPage,
    PioneerOutcome,
    PioneerProfilePage,
    PopulationGroup,
    SeedRecord,
    StandardPage,
    Theme,
    ThemedCollectionPage,
    ThemeIndexPage,
    ThemePick,
    ToolkitDocument,
    ToolkitIndexPage,
    ToolkitPage,
)
from .roles import ensure_roles
from .seed_values import (
    SeedError,
    as_date,
    body_blocks,
    dated,
    london_datetime,
    outcome_objects,
    rich_text,
    section_block,
    source_blocks,
)
from .stories import protect_waiting_story_media

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SECTION_MODELS = {
    "CaseStudyIndexPage": CaseStudyIndexPage,
    "PioneerIndexPage": PioneerIndexPage,
    "ToolkitIndexPage": ToolkitIndexPage,
    "EventIndexPage": EventIndexPage,
    "ThemeIndexPage": ThemeIndexPage,
    "CollectionIndexPage": CollectionIndexPage,
}
SECTION_FOR_MODEL = {
    "case-studies": CaseStudyIndexPage,
    "pioneers": PioneerIndexPage,
    "toolkits": ToolkitIndexPage,
    "events": EventIndexPage,
}


def load_fixture(name, fixtures_dir=None):
    with open((fixtures_dir or FIXTURES_DIR) / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def checksum(spec):
    encoded = json.dumps(spec, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class SeedLoader:
    def __init__(self, fixtures_dir=None, stdout=None):
        self.fixtures_dir = fixtures_dir or FIXTURES_DIR
        self.stdout = stdout
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}

    # Bookkeeping ------------------------------------------------------------------------------

    def _record(self, key, spec):
        record = SeedRecord.objects.filter(key=key).first()
        return record, checksum(spec)

    def _remember(self, key, digest, obj, created):
        SeedRecord.objects.update_or_create(key=key, defaults={"checksum": digest, "object_id": obj.pk})
        self.counts["created" if created else "updated"] += 1

    def _fixture(self, name):
        return load_fixture(name, self.fixtures_dir)

    # Snippets and documents -----------------------------------------------------------------

    def upsert_model(self, key, model, lookup, fields, spec):
        record, digest = self._record(key, spec)
        existing = model.objects.filter(**lookup).first()
        if record and record.checksum == digest and existing is not None:
            self.counts["unchanged"] += 1
            return existing
        obj = existing or model(**lookup)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        self._remember(key, digest, obj, created=existing is None)
        return obj

    def load_taxonomy(self):
        data = self._fixture("taxonomy")
        for order, spec in enumerate(data["themes"]):
            fields = {k: spec[k] for k in ("name", "short_name", "kind", "description")}
            self.upsert_model(
                f"theme:{spec['slug']}", Theme, {"slug": spec["slug"]}, {**fields, "sort_order": order}, spec
            )
        for order, spec in enumerate(data["population_groups"]):
            self.upsert_model(
                f"population:{spec['slug']}",
                PopulationGroup,
                {"slug": spec["slug"]},
                {"name": spec["name"], "sort_order": order},
                spec,
            )
        order = 0
        for group, statements in data["i_statements"].items():
            for text in statements:
                self.upsert_model(
                    f"istatement:{checksum(text)[:16]}",
                    IStatement,
                    {"text": text},
                    {"group": group, "sort_order": order},
                    {"group": group, "text": text, "order": order},
                )
                order += 1

    def load_documents(self, specs):
        documents = {}
        for spec in specs:
            key = f"document:{spec['key']}"
            path = self.fixtures_dir / "documents" / spec["file"]
            content_digest = hashlib.sha256(path.read_bytes()).hexdigest()
            record, digest = self._record(key, {**spec, "content": content_digest})
            existing = DescribedDocument.objects.filter(pk=record.object_id).first() if record else None
            if record and record.checksum == digest and existing is not None:
                self.counts["unchanged"] += 1
                documents[spec["key"]] = existing
                continue
            document = existing or DescribedDocument()
            document.title = spec["title"]
            document.description = spec["description"]
            with path.open("rb") as handle:
                document.file.save(spec["file"], File(handle), save=False)
            document.save()
            self._remember(key, digest, document, created=existing is None)
            documents[spec["key"]] = document
        return documents

    # Pages ------------------------------------------------------------------------------------

    def upsert_page(self, parent, model, slug, fields, spec, relations=None):
        """Create or update a page under `parent`, publish it, and record its fixture checksum."""
        key = f"page:{model.__name__}:{slug}"
        record, digest = self._record(key, spec)
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is None and record is not None:
            # The fixture moved this page (case studies moved under their pioneers): move it too.
            moved = model.objects.filter(pk=record.object_id).first()
            if moved is not None:
                moved.move(parent, pos="last-child")
                existing, record = model.objects.get(pk=moved.pk), None
        if record and record.checksum == digest and existing is not None:
            self.counts["unchanged"] += 1
            return existing
        page = existing or model(slug=slug)
        for name, value in fields.items():
            setattr(page, name, value)
        for name, value in (relations or {}).items():
            if name == "tags":
                page.tags.set(value)
            else:
                setattr(page, name, value)
        if existing is None:
            parent.add_child(instance=page)
        page.save_revision().publish()
        self._remember(key, digest, page, created=existing is None)
        return page

    def ensure_home(self):
        spec = self._fixture("site")["home"]
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        fields = {
            "title": spec["title"],
            "seo_title": spec["seo_title"],
            "introduction": spec["introduction"],
            "search_description": spec["search_description"],
        }
        if home is None:
            home = self.upsert_page(root, HomePage, "icase", fields, spec)
        else:
            home = self.upsert_page(root, HomePage, home.slug, fields, spec)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ICASE"
            )
        elif site.root_page_id != home.pk:
            previous_root = site.root_page
            site.root_page = home
            site.site_name = "ICASE"
            site.save()
            if type(previous_root.specific) is Page and not previous_root.get_children().exists():
                previous_root.delete()
        return home

    def load_site(self, home):
        data = self._fixture("site")
        sections = {}
        for spec in data["sections"]:
            model = SECTION_MODELS[spec["model"]]
            fields = {
                "title": spec["title"],
                "search_description": spec["search_description"],
                "introduction": rich_text(spec["introduction"]),
            }
            existing = model.objects.child_of(home).first()
            sections[model] = self.upsert_page(
                home, model, existing.slug if existing else spec["slug"], fields, spec
            )
        for spec in data["standard_pages"]:
            fields = {"title": spec["title"], "summary": spec["summary"], "body": body_blocks(spec["body"])}
            self.upsert_page(home, StandardPage, spec["slug"], fields, spec)
        return sections

    def themes_for(self, slugs, where):
        themes = list(Theme.objects.filter(slug__in=slugs))
        missing = set(slugs) - {theme.slug for theme in themes}
        if missing:
            raise SeedError(f"{where}: unknown theme(s) {sorted(missing)}")
        return themes

    def with_groups(self, spec, where):
        """A pioneer's outcome specs with each `population_group` slug replaced by the group."""
        groups = {group.slug: group for group in PopulationGroup.objects.all()}
        outcomes = []
        for item in spec.get("outcomes", []):
            slug = item.get("population_group")
            if slug is not None and slug not in groups:
                raise SeedError(f"{where}: unknown population group {slug!r}")
            outcomes.append({**item, "population_group": groups[slug]} if slug else item)
        return outcomes

    def load_pioneers(self, index):
        pioneers = {}
        for spec in self._fixture("pioneers"):
            where = f"pioneers.yaml, {spec['slug']}"
            fields = {
                "title": spec["title"],
                "short_name": spec["short_name"],
                "other_names": "\n".join(spec.get("other_names", [])),
                "summary": spec["summary"],
                "status": spec["status"],
                "wave": spec.get("wave", 1),
                "year_joined": spec.get("year_joined"),
                "region": spec["region"],
                "population_covered": spec.get("population_covered"),
                "population_note": spec.get("population_note", ""),
                "lead_organisation": spec.get("lead_organisation", ""),
                "partner_organisations": "\n".join(spec.get("partners", [])),
                "client_groups": "\n".join(spec.get("client_groups", [])),
                "contact_details": rich_text(spec.get("contact", "")),
                "sources": source_blocks(spec),
            }
            for name in (
                "key_features",
                "vision",
                "objectives",
                "local_context",
                "achievements",
                "challenges",
                "learning",
            ):
                fields[name] = rich_text(spec.get(name, ""))
            relations = {
                "themes": self.themes_for(spec["themes"], where),
                "outcomes": outcome_objects(PioneerOutcome, self.with_groups(spec, where), where),
                "tags": spec.get("tags", []),
            }
            pioneers[spec["slug"]] = self.upsert_page(
                index, PioneerProfilePage, spec["slug"], fields, spec, relations
            )
        return pioneers

    def load_case_studies(self, pioneers):
        data = self._fixture("case_studies")
        statements = {statement.text: statement for statement in IStatement.objects.all()}
        populations = {group.slug: group for group in PopulationGroup.objects.all()}
        for spec in data["entries"]:
            where = f"case_studies.yaml, {spec['slug']}"
            if spec["pioneer"] not in pioneers:
                raise SeedError(f"{where}: unknown pioneer {spec['pioneer']!r}")
            unknown = [text for text in spec.get("i_statements", []) if text not in statements]
            unknown += [slug for slug in spec.get("population", []) if slug not in populations]
            if unknown:
                raise SeedError(f"{where}: unknown I statement or population group {unknown}")
            fields = {
                "title": spec["title"],
                "summary": spec["summary"],
                "pioneer": pioneers[spec["pioneer"]],
                "setting": spec["setting"],
                "evaluation_status": spec["evaluation"],
                "body": body_blocks(spec["body"]),
                "publication_date": dated(spec["published"])[0],
                "publication_date_precision": dated(spec["published"])[1],
                "review_date": as_date(spec.get("review", data["defaults"]["review"])),
                "awaiting_full_account": spec.get("awaiting_full_account", False),
                "sources": source_blocks(spec),
                "contact": rich_text(spec.get("contact", "")),
            }
            relations = {
                "themes": self.themes_for(spec["themes"], where),
                "population_groups": [populations[slug] for slug in spec.get("population", [])],
                "i_statements": [statements[text] for text in spec.get("i_statements", [])],
                "outcomes": outcome_objects(CaseStudyOutcome, spec.get("outcomes", []), where),
                "tags": spec.get("tags", []),
            }
            self.upsert_page(
                pioneers[spec["pioneer"]],
                CaseStudyPage,
                spec["slug"],
                fields,
                {**spec, "defaults": data["defaults"]},
                relations,
            )

    def load_toolkits(self, index):
        data = self._fixture("toolkits")
        documents = self.load_documents(data["documents"])
        for spec in data["entries"]:
            where = f"toolkits.yaml, {spec['slug']}"
            missing = [key for key in spec.get("downloads", []) if key not in documents]
            if missing:
                raise SeedError(f"{where}: unknown download(s) {missing}")
            fields = {
                "title": spec["title"],
                "summary": spec["summary"],
                "kind": spec["kind"],
                "publisher": spec["publisher"],
                "sections": [section_block(*next(iter(item.items()))) for item in spec["sections"]],
                "publication_date": dated(spec["published"])[0],
                "publication_date_precision": dated(spec["published"])[1],
                "review_date": as_date(spec.get("review", data["defaults"]["review"])),
                "sources": source_blocks(spec),
            }
            relations = {
                "themes": self.themes_for(spec["themes"], where),
                "downloads": [ToolkitDocument(document=documents[key]) for key in spec.get("downloads", [])],
                "tags": spec.get("tags", []),
            }
            self.upsert_page(
                index, ToolkitPage, spec["slug"], fields, {**spec, "defaults": data["defaults"]}, relations
            )

    def load_events(self, index):
        for spec in self._fixture("events"):
            where = f"events.yaml, {spec['slug']}"
            fields = {
                "title": spec["title"],
                "summary": spec["summary"],
                "kind": spec["kind"],
                "start": london_datetime(spec.get("start")),
                "end": london_datetime(spec.get("end")),
                "date_precision": spec.get("date_precision", "day" if spec.get("start") else "unknown"),
                "sample_content": spec.get("sample_content", False),
                "sources": source_blocks(spec),
                "venue": spec.get("venue", ""),
                "online": spec.get("online", False),
                "organiser": spec["organiser"],
                "body": body_blocks(spec["body"]),
                "event_summary": rich_text(spec.get("event_summary", "")),
            }
            relations = {"themes": self.themes_for(spec["themes"], where), "tags": spec.get("tags", [])}
            self.upsert_page(index, LearningEventPage, spec["slug"], fields, spec, relations)

    def load_collections(self, index, home):
        for spec in self._fixture("collections"):
            where = f"collections.yaml, {spec['slug']}"
            items = []
            for item in spec["items"]:
                section_index = SECTION_FOR_MODEL[item["section"]].objects.child_of(home).first()
                if item["section"] == "case-studies":  # case studies live under their pioneers
                    target = CaseStudyPage.objects.filter(slug=item["slug"]).first()
                else:
                    target = (
                        section_index.get_children().filter(slug=item["slug"]).first()
                        if section_index
                        else None
                    )
                if target is None:
                    raise SeedError(f"{where}: no {item['section']} page with slug {item['slug']!r}")
                items.append(CollectionItem(page=target, note=item.get("note", "")))
            fields = {
                "title": spec["title"],
                "summary": spec["summary"],
                "introduction": rich_text(spec["introduction"]),
                "featured": spec.get("featured", False),
            }
            relations = {
                "themes": self.themes_for(spec["themes"], where),
                "items": items,
                "tags": spec.get("tags", []),
            }
            self.upsert_page(index, ThemedCollectionPage, spec["slug"], fields, spec, relations)

    def load_editors_picks(self):
        for theme_slug, specs in self._fixture("editors_picks").items():
            where = f"editors_picks.yaml, {theme_slug}"
            theme = Theme.objects.filter(slug=theme_slug).first()
            if theme is None:
                raise SeedError(f"{where}: unknown theme")
            record, digest = self._record(f"picks:{theme_slug}", specs)
            if record and record.checksum == digest:
                self.counts["unchanged"] += 1
                continue
            picks = []
            for spec in specs:
                model = {"case-studies": CaseStudyPage, "toolkits": ToolkitPage}[spec["section"]]
                target = model.objects.filter(slug=spec["slug"]).first()
                if target is None:
                    raise SeedError(f"{where}: no {spec['section']} page with slug {spec['slug']!r}")
                picks.append(ThemePick(page=target, note=spec.get("note", "")))
            theme.picks = picks
            theme.save()
            self._remember(f"picks:{theme_slug}", digest, theme, created=record is None)

    @transaction.atomic
    def run(self):
        self.load_taxonomy()
        home = self.ensure_home()
        sections = self.load_site(home)
        pioneers = self.load_pioneers(sections[PioneerIndexPage])
        self.load_case_studies(pioneers)
        self.load_toolkits(sections[ToolkitIndexPage])
        self.load_events(sections[EventIndexPage])
        self.load_collections(sections[CollectionIndexPage], home)
        self.load_editors_picks()
        ensure_roles()
        protect_waiting_story_media()
        return self.counts


def load(stdout=None):
    """The content seed: the first step of `manage.py load_initial_data` (icase/management)."""
    return SeedLoader(stdout=stdout).run()
