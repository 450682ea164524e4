"""One scheduler at a time, however many run: the first to take the lock runs every job; the
others stand by and take over when it stops.

On PostgreSQL the lock is a session advisory lock in the site's database, so schedulers on
different machines exclude each other and a scheduler that dies (its connection closes) frees it
at once. On SQLite, which only ever serves one machine, it is an exclusive lock on a file beside
the database file.
"""

import fcntl
from pathlib import Path

from django.conf import settings
from django.db import connection

# pg_try_advisory_lock takes a bigint; this one is ICASE's scheduler ("ICASESCH" in ASCII).
ADVISORY_KEY = 0x4943415345534348


class SchedulerLock:
    def __init__(self):
        self.held = False
        self._file = None

    def _lock_path(self):
        name = str(settings.DATABASES["default"]["NAME"])
        if name.startswith("file:") or name == ":memory:":  # an in-memory test database
            return Path(settings.BASE_DIR) / "var" / "scheduler.lock"
        return Path(f"{name}.scheduler-lock")

    def acquire(self):
        """Take the lock if it is free; returns whether this process holds it."""
        if self.held:
            return True
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                self.held = bool(cursor.fetchone()[0])
            return self.held
        path = self._lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")  # noqa: SIM115 - held open for as long as the lock is held
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file, self.held = handle, True
        return True

    def release(self):
        if not self.held:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        else:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        self.held = False
