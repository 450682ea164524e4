"""Backups that restore: the database and the media files, to a directory.

- PostgreSQL: `pg_dump --format=custom`, one consistent snapshot (a single transaction) while the
  site runs; restored with `pg_restore --clean --if-exists` into the configured database, which
  may be empty (a new server) or the damaged one.
- SQLite (development): SQLite's online backup API, also a consistent copy of a live database.
- Media: every file in the default storage (the local disk or, when configured, the S3 bucket),
  walked through Django's storage API, so both back up the same way.

Not in a backup, on purpose: the search index, which `manage.py search_index rebuild` builds
from the database after a restore (restore runs it when Elasticsearch is configured); the cache
and sessions, which members lose by signing in again; and members' data downloads (private
storage), which expire within 7 days and can be asked for again.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

DATABASE_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_DIR = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_environment(database):
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    return env


def _pg_arguments(database):
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    return arguments


def _run(command, database):
    result = subprocess.run(command, env=_pg_environment(database), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _walk(storage, folder=""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in folders:
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


def _backup_database(target):
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        dump = target / DATABASE_DUMP
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(dump),
                *_pg_arguments(database),
                database["NAME"],
            ],
            database,
        )
        return dump
    if connection.vendor == "sqlite":
        copy = target / SQLITE_COPY
        connection.ensure_connection()
        with sqlite3.connect(copy) as destination:
            connection.connection.backup(destination)
        destination.close()
        return copy
    raise BackupError(f"No backup method for {connection.vendor} databases.")


def backup(directory):
    """Write a backup of the database and media into `directory` (created; must be empty)."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new directory.")
    database_file = _backup_database(target)
    media = target / MEDIA_DIR
    files = {}
    for name in _walk(default_storage):
        destination = media / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        files[name] = _sha256(destination)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database_file.name,
            "sha256": _sha256(database_file),
        },
        "media": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _check(source):
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{source} holds no ICASE backup ({MANIFEST} is missing).")
    manifest = json.loads(manifest_path.read_text())
    database_file = source / manifest["database"]["file"]
    if _sha256(database_file) != manifest["database"]["sha256"]:
        raise BackupError(f"{database_file} does not match the manifest: the backup is damaged.")
    for name, digest in manifest["media"].items():
        if _sha256(source / MEDIA_DIR / name) != digest:
            raise BackupError(f"Media file {name} does not match the manifest: the backup is damaged.")
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']['vendor']} database; "
            f"this site uses {connection.vendor}."
        )
    return manifest


def _restore_database(database_file):
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_arguments(database),
                "--dbname",
                database["NAME"],
                str(database_file),
            ],
            database,
        )
        return
    connection.close()
    with sqlite3.connect(database_file) as source, sqlite3.connect(database["NAME"]) as destination:
        source.backup(destination)


def restore(directory):
    """Bring back the database and media files from a backup made by `backup`."""
    source = Path(directory)
    manifest = _check(source)
    _restore_database(source / manifest["database"]["file"])
    for name in manifest["media"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(source / MEDIA_DIR / name, "rb") as stream:
            saved = default_storage.save(name, File(stream))
        if saved != name:
            raise BackupError(f"Media file {name} was restored as {saved}.")
    return manifest
