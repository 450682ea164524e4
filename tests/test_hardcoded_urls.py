"""Python code names routes (reverse(), page.url) rather than writing their paths, so moving a URL
pattern cannot leave a stale link behind. URL patterns and settings are where paths are written."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH_LITERAL = re.compile(
    r"[\"'f]/(community|notifications|members|accounts|admin|search|api|share-your-story)\b"
)


def test_no_python_module_writes_a_site_path():
    found = []
    for package in ("icase", "cms", "search"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "urls.py" or "migrations" in relative.parts or "settings" in relative.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PATH_LITERAL.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []
