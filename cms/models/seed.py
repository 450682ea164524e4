from django.db import models


class SeedRecord(models.Model):
    """What `load_initial_data` last wrote for one fixture entry.

    Comparing checksums makes a second run a no-op that says so, and means a reload never overwrites
    an editor's later changes to an entry whose fixture has not changed.
    """

    key = models.CharField(max_length=200, unique=True)
    checksum = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
