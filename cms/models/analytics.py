"""First-party, privacy-respecting counts for the editors' reports: views per page and downloads
per document per day. No cookies, IP addresses, user ids or third-party trackers: just numbers."""

import logging

from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


class DailyCount(models.Model):
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @classmethod
    def increment(cls, **target):
        """Count one more for today. A count is not worth an error page: when the database stays
        busy past its lock timeout (SQLite under a threaded server), this one goes uncounted. The
        savepoint keeps such a failure out of any transaction the request is in."""
        try:
            with transaction.atomic():
                cls._increment(**target)
        except OperationalError as error:
            logger.warning("%s not counted for %s: %s", cls.__name__, target, error)

    @classmethod
    def _increment(cls, **target):
        day = timezone.localdate()
        if cls.objects.filter(day=day, **target).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(day=day, count=1, **target)
        except IntegrityError:  # another request created today's row first
            cls.objects.filter(day=day, **target).update(count=F("count") + 1)


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
