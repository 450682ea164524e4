from django.db import models


class PioneerSpace(models.Model):
    """A pioneer's own corner of the admin: the editors' group and the media collection that go
    with its profile page. The group may add and edit pages in the pioneer's subtree and media in
    its collection, and submit them for Programme review; it can never publish."""

    pioneer = models.OneToOneField("cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="space")
    group = models.OneToOneField("auth.Group", on_delete=models.PROTECT, related_name="pioneer_space")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="pioneer_space"
    )

    def __str__(self):
        return f"Editors of {self.pioneer}"

    def editors(self):
        """Who can edit this pioneer's pages, as shown in the admin."""
        members = self.group.user_set.filter(is_active=True).order_by("email")
        return ", ".join(member.email for member in members) or "No editors yet"

    editors.short_description = "Editors"
