"""The database search on SQLite stems words, as PostgreSQL's full-text search does.

Wagtail's search app creates its FTS5 table with the default tokenizer, so "assembly" never finds
"assemblies" and "ward" never finds "wards". This rebuilds the table with the Porter stemmer (the
rows come back from the index entries it mirrors; the triggers that keep it in step are on the
entries' table and stay as they are). Nothing happens on other databases.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRIES_TABLE = "wagtailsearch_indexentry"


def _rebuild(schema_editor, tokenize):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or FTS_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title{tokenize})")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body, autocomplete) "  # noqa: S608 - fixed names
            f"SELECT id, title, body, autocomplete FROM {ENTRIES_TABLE}"
        )


def stem(apps, schema_editor):
    _rebuild(schema_editor, ", tokenize='porter unicode61'")


def unstem(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(stem, unstem)]
