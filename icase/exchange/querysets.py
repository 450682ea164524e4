"""Barrier lists, filtered by the visibility rule (icase.community.visibility) before anything else."""

from django.db import models
from django.db.models import Count

from icase.community import visibility


class BarrierQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility.barrier_filter(user))

    def with_public_summary(self):
        """What anyone, and the search index, may see: barriers whose summary is approved."""
        return self.filter(public_summary_state=visibility.BARRIER_SUMMARY_APPROVED)

    def open(self):
        return self.filter(status__in=self.model.STAGES)

    def with_affected_count(self):
        """`pioneers_affected`: the raising pioneer plus every pioneer that said it is affected too."""
        return self.annotate(pioneers_affected=Count("affected", distinct=True) + 1)
