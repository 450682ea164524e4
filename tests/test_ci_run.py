""".ci/run prints how long each suite took, and a failing step still stops the run with its status."""

import re
import subprocess
from pathlib import Path

CI_RUN = Path(__file__).resolve().parent.parent / ".ci" / "run"


def run_with_timed(steps):
    """The script's `timed` helper, under the script's own shell options, followed by `steps`."""
    script = CI_RUN.read_text()
    helper = re.search(r"^durations=\(\)\n^timed\(\) \{\n.*?^\}\n", script, flags=re.S | re.M)
    assert helper, "expected .ci/run to define timed()"
    assert "set -euo pipefail" in script
    program = "set -euo pipefail\n" + helper.group(0) + steps
    return subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30)


def test_each_suite_is_timed():
    script = CI_RUN.read_text()
    assert 'timed "make test" make test' in script
    assert 'timed "lint" make lint' in script
    assert 'timed "PostgreSQL suite" env DATABASE_URL=' in script


def test_a_step_prints_its_duration():
    result = run_with_timed('timed "quick" true\nprintf "%s\\n" "${durations[@]}"\n')
    assert result.returncode == 0, result.stderr
    assert "== quick: 0m 0s ==" in result.stdout
    assert result.stdout.endswith("quick: 0m 0s\n")


def test_a_failing_step_stops_the_run_with_its_exit_status():
    result = run_with_timed('timed "broken" bash -c "exit 3"\necho "not reached"\n')
    assert result.returncode == 3
    assert "== broken: 0m 0s (failed, exit 3) ==" in result.stdout
    assert "not reached" not in result.stdout
