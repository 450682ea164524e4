"""Discussion categories: one per theme, plus the networks in fixtures/community.yaml."""

from django.contrib.auth.models import Group, Permission

from cms.models import Theme
from cms.seed import SeedLoader

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
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        moderators.permissions.add(
            Permission.objects.get(codename="moderate", content_type__app_label="community")
        )
        return self.counts


def load(stdout=None):
    """Discussion categories and the moderators' group: a step of `manage.py load_initial_data`,
    after the content seed, whose themes it reads."""
    return CommunitySeedLoader(stdout=stdout).run()
