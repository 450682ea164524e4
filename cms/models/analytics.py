"""First-party, privacy-respecting counts for the editors' reports: views per page and downloads
per document per day. No cookies, IP addresses, user ids or third-party trackers: just numbers.
Requests are counted in memory and the cache, and written here by the scheduler (cms/view_counts.py)."""

from django.db import models


class DailyCount(models.Model):
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class PageViewCount(DailyCount):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="one_view_count_per_page_per_day")
        ]

    def __str__(self):
        return f"{self.page_id} on {self.day}: {self.count}"


class DocumentDownloadCount(DailyCount):
    document = models.ForeignKey("cms.DescribedDocument", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "day"], name="one_download_count_per_document_per_day"
            )
        ]

    def __str__(self):
        return f"{self.document_id} on {self.day}: {self.count}"
