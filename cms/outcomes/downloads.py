"""The explorer's rows as CSV and JSON, with the same filters: each row names where it is reported
(a case study or a pioneer profile), its source and its evaluation.

Both read explore(request), so a download holds exactly the rows on screen. Text a spreadsheet
would run as a formula is prefixed with an apostrophe in the CSV (OWASP's CSV injection advice).
"""

import csv
import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ..models.outcomes import EVALUATION_RULES
from .explorer import explore

FIELDS = [
    "reported_in",
    "reported_in_url",
    "case_study",
    "case_study_url",
    "pioneer",
    "published",
    "metric",
    "metric_kind",
    "direction",
    "qualifier",
    "value",
    "range_end",
    "unit",
    "change",
    "population",
    "period",
    "baseline",
    "baseline_label",
    "evaluation_level",
    "evaluation_rule",
    "source",
    "source_url",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def outcome_record(outcome, request):
    page = outcome.page
    url = page.get_full_url(request)
    case_study = outcome.reported_in == "case study"
    reported = outcome.reported_date
    record = {
        "reported_in": outcome.reported_in,
        "reported_in_url": f"{url}#{outcome.anchor}",
        "case_study": page.title if case_study else "",
        "case_study_url": url if case_study else "",
        "pioneer": outcome.pioneer.title,
        "published": page.publication_date_machine if case_study else f"{reported:%Y-%m}" if reported else "",
        "metric": outcome.metric,
        "metric_kind": outcome.get_metric_kind_display(),
        "direction": outcome.direction,
        "qualifier": outcome.get_qualifier_display() if outcome.qualifier else "",
        "value": f"{outcome.value.normalize():f}",
        "range_end": "" if outcome.range_end is None else f"{outcome.range_value.normalize():f}",
        "unit": outcome.get_unit_display(),
        "change": outcome.sentence,
        "population": outcome.population,
        "period": outcome.period,
        "baseline": "" if outcome.baseline is None else f"{outcome.baseline.normalize():f}",
        "baseline_label": outcome.baseline_label,
        "evaluation_level": outcome.get_evaluation_level_display(),
        "evaluation_rule": EVALUATION_RULES[outcome.evaluation_level],
        "source": outcome.source_citation,
        "source_url": outcome.source_url,
    }
    return {name: record[name] for name in FIELDS}


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


@require_safe
def download_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # a byte-order mark, so spreadsheet programs read “£” as UTF-8
    writer = csv.writer(response)
    writer.writerow(FIELDS)
    for outcome in explore(request).outcomes:
        record = outcome_record(outcome, request)
        writer.writerow([_cell(record[name]) for name in FIELDS])
    return _attachment(response, "icase-outcomes.csv")


@require_safe
def download_json(request):
    exploration = explore(request)
    data = {
        "filters": {f.name: f.selected for f in exploration.filters if f.selected},
        "sort": exploration.sort,
        "count": len(exploration.outcomes),
        "outcomes": [outcome_record(outcome, request) for outcome in exploration.outcomes],
    }
    content = json.dumps(data, ensure_ascii=False, indent=2)
    return _attachment(HttpResponse(content, content_type="application/json"), "icase-outcomes.json")
