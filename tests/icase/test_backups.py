"""Backups that restore (`manage.py backup` / `restore`, icase/backups.py): a copy of the seeded
test database, with members and posts added, is backed up, dropped with its media files, restored
from the backup, and then serves the same pages, searches and documents.

The site runs in subprocesses against its own database, so the backup sees committed data: on
PostgreSQL (the .ci/run pass, DATABASE_URL set) a database cloned from the test database, with
pg_dump and pg_restore; on SQLite a database file the subprocess migrates and seeds, backed up
with SQLite's backup API. A damaged backup is then refused.
Search answers from the database here; with Elasticsearch, `restore` rebuilds the index from the
restored database (the index is never backed up)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = "icase_backup_test"


def manage(environment, *arguments):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(environment):
    output = manage(environment, "shell", "-c", "from tests.icase.backup_site import snapshot; snapshot()")
    return json.loads(output.strip().splitlines()[-1])


class PostgreSQLScratch:
    """A database copied from the seeded test database (pg_dump into pg_restore: the test's own
    connection stays open, so it cannot be a template)."""

    def __init__(self):
        self.settings = connection.settings_dict
        host = self.settings["HOST"] or "127.0.0.1"
        self.url = (
            f"postgres://{self.settings['USER']}:{self.settings['PASSWORD']}@{host}"
            f":{self.settings['PORT'] or 5432}/{SCRATCH}"
        )

    def _admin(self):
        return psycopg.connect(
            dbname="postgres",
            user=self.settings["USER"],
            password=self.settings["PASSWORD"],
            host=self.settings["HOST"] or "127.0.0.1",
            port=self.settings["PORT"] or 5432,
            autocommit=True,
        )

    def create(self, folder):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
            admin.execute(f'CREATE DATABASE "{SCRATCH}"')
        dump = folder / "seeded.dump"
        access = [
            "--host",
            self.settings["HOST"] or "127.0.0.1",
            "--port",
            str(self.settings["PORT"] or 5432),
        ]
        access += ["--username", self.settings["USER"]]
        environment = {**os.environ, "PGPASSWORD": self.settings["PASSWORD"]}
        for command in (
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *access, self.settings["NAME"]],
            ["pg_restore", "--no-owner", "--exit-on-error", *access, "--dbname", SCRATCH, str(dump)],
        ):
            subprocess.run(command, env=environment, check=True, capture_output=True)  # noqa: S603

    def build(self, environment):
        pass

    def drop(self):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE "{SCRATCH}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{SCRATCH}"')  # an empty database, as on a new server

    def remove(self):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')

    def tables(self):
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as database:
            return database.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[
                0
            ]


class SQLiteScratch:
    """A database file the subprocess migrates and seeds itself: SQLite cannot copy the in-memory
    test database while the test's own transaction holds its write lock."""

    def __init__(self, folder):
        self.path = folder / "site.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def create(self, folder):
        pass

    def build(self, environment):
        manage(environment, "migrate", "--noinput", "-v0")
        manage(environment, "load_initial_data", "-v0")

    def drop(self):
        self.path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def remove(self):
        self.path.unlink(missing_ok=True)

    def tables(self):
        if not self.path.exists():
            return 0
        with sqlite3.connect(self.path) as database:
            return database.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


@pytest.mark.django_db
def test_a_backup_restores_the_same_site(tmp_path):
    media = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, media)
    scratch = PostgreSQLScratch() if connection.vendor == "postgresql" else SQLiteScratch(tmp_path)
    scratch.create(tmp_path)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icase.settings.test",
        "DATABASE_URL": scratch.url,
        "ICASE_TEST_MEDIA_ROOT": str(media),
    }
    environment.pop("ICASE_TEST_SERVER_ELASTICSEARCH_URL", None)
    try:
        scratch.build(environment)
        manage(
            environment, "shell", "-c", "from tests.icase.backup_site import add_members_and_posts as a; a()"
        )
        before = snapshot(environment)
        assert any("seven-day discharge hub" in body for _, body in before.values())
        assert all(status == 200 for status, _ in before.values()), {k: s for k, (s, _) in before.items()}
        output = manage(environment, "backup", str(tmp_path / "backup"))
        assert f"Backed up the {connection.vendor} database" in output

        scratch.drop()
        shutil.rmtree(media)
        media.mkdir()
        assert scratch.tables() == 0

        output = manage(environment, "restore", str(tmp_path / "backup"))
        assert "Restored the database" in output
        after = snapshot(environment)
        assert sorted(after) == sorted(before)
        for address in before:
            assert after[address] == before[address], address

        dump = (
            tmp_path
            / "backup"
            / json.loads((tmp_path / "backup" / "manifest.json").read_text())["database"]["file"]
        )
        dump.write_bytes(dump.read_bytes()[:-10])
        refused = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert refused.returncode != 0 and "the backup is damaged" in refused.stderr
        refused = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "backup", str(tmp_path / "backup")],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert refused.returncode != 0 and "is not empty" in refused.stderr
    finally:
        scratch.remove()
