"""Discussion categories: one per theme, plus the networks in fixtures/community.yaml, and which
seeded events each network runs.

The event–network link is set here, not in the content seed: an event's network must exist when
the event is saved (icase/events/signals.py checks it), and the networks are made in this step,
after the content seed whose themes they read.
"""

from django.contrib.auth.models import Group, Permission

from cms.models import LearningEventPage, Theme
from cms.seed import SeedError, SeedLoader

from .models import Category

MODERATORS = "Discussion moderators"


class CommunitySeedLoader(SeedLoader):
    def run(self):
        data = self._fixture("community")
        for order, theme in enumerate(Theme.objects.order_by("sort_order", "name")):
            spec = {"theme": theme.slug, "name": theme.name, "description": theme.description}
            self.upsert_model(
                f"category:theme:{theme.slug}",
                Category,
                {"slug": theme.slug},
                {
                    "name": theme.name,
                    "kind": Category.THEME,
                    "theme": theme,
                    "description": theme.description,
                    "sort_order": order,
                },
                spec,
            )
        for order, spec in enumerate(data["networks"]):
            self.upsert_model(
                f"category:network:{spec['slug']}",
                Category,
                {"slug": spec["slug"]},
                {
                    "name": spec["name"],
                    "kind": Category.NETWORK,
                    "description": spec["description"],
                    "is_private": spec.get("private", False),
                    "sort_order": order,
                },
                spec,
            )
        for spec in data["networks"]:
            for event_slug in spec.get("events", []):
                self.link_event(event_slug, spec["slug"])
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        moderators.permissions.add(
            Permission.objects.get(codename="moderate", content_type__app_label="community")
        )
        return self.counts

    def link_event(self, event_slug, network_slug):
        """Publish the seeded event as run by the network, once: an editor's later change stays."""
        key = f"event-network:{event_slug}"
        record, digest = self._record(key, {"network": network_slug})
        if record and record.checksum == digest:
            self.counts["unchanged"] += 1
            return
        event = LearningEventPage.objects.filter(slug=event_slug).first()
        if event is None:
            raise SeedError(f"community.yaml, {network_slug}: no seeded event with slug {event_slug!r}")
        event = event.get_latest_revision_as_object()
        event.network = network_slug
        event.save_revision().publish()
        self._remember(key, digest, event, created=False)


def load(stdout=None):
    """Discussion categories and the moderators' group: a step of `manage.py load_initial_data`,
    after the content seed, whose themes it reads."""
    return CommunitySeedLoader(stdout=stdout).run()
