"""A member's data as a zip: `data.json` with everything every declaration exports, and one CSV per
table that has rows (a spreadsheet opens them), with a README saying what each holds."""

import csv
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .registry import declarations

README = """Your data from ICASE, the Integrated Care and Support Exchange

data.json holds everything ICASE holds about you, grouped by where it is kept (for example
"community.Post" is your posts, "usersessions.UserSession" the devices you signed in on).
The csv folder has the same tables as CSV files, one per table that has rows.

Generated at {generated_at}.
"""


def collect(user):
    """{model label: rows} for every declaration that exports something for this member."""
    tables = {}
    for declaration in declarations():
        rows = declaration.export_rows(user)
        if rows is None:
            continue
        tables[declaration.label] = rows
    return tables


def _csv(rows):
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def build_archive(user):
    """The zip's bytes."""
    generated_at = timezone.now()
    tables = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(generated_at=generated_at.isoformat()))
        document = {"generated_at": generated_at, "tables": tables}
        archive.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2, default=str))
        for label, rows in tables.items():
            if rows:
                archive.writestr(f"csv/{label}.csv", _csv(rows))
    return buffer.getvalue()
