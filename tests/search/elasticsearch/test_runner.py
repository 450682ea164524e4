"""The local Elasticsearch runner: one version everywhere, and a node that stops with its runner.

Service managers and CI stop processes with SIGTERM, not Ctrl+C. The node runs in its own session,
so unless the runner stops it, a SIGTERM to the runner leaves an orphaned JVM holding a port and a
gigabyte of heap.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from search.elasticsearch import runner

ROOT = Path(__file__).resolve().parents[3]
POM = runner.HERE / "plugin" / "pom.xml"


def pom_property(name):
    match = re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", POM.read_text())
    assert match, f"{name} missing from {POM}"
    return match.group(1)


def processes_using(path):
    """Pids of live (not zombie) processes whose command line mentions `path`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(path) in command and state != "Z":
            found.append(int(entry.name))
    return found


def answers(url):
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3):
            return True
    except OSError:
        return False


@pytest.fixture
def distribution(elasticsearch_allowed):
    """The unpacked distribution with the plugin built, or a loud skip (a failure under CI)."""
    try:
        runner.java_home()
        return runner.distribution_home()
    except runner.ElasticsearchUnavailable as error:
        message = f"\n\n*** ELASTICSEARCH RUNNER TEST NOT RUN: {error} ***\n"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_the_plugin_defaults_name_the_runner_version():
    assert pom_property("elasticsearch.version") == runner.ES_VERSION


def test_the_plugin_is_built_for_the_lucene_the_distribution_ships(distribution):
    assert pom_property("lucene.version") == runner.lucene_version(distribution)
    jar = runner.HERE / "plugin" / "target" / "icase-analysis.jar"
    assert runner._plugin_is_current(jar, [POM]), "the built plugin names another Elasticsearch version"


def test_sigterm_stops_the_node(distribution):
    # Not pytest's tmp_path: its parents are private to root, and the node may run as icase-es.
    data = Path(tempfile.mkdtemp(prefix="icase-es-sigterm-"))
    port = runner.free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "search.elasticsearch.runner", "--port", str(port), "--data", str(data)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not answers(url):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the node did not answer within 180 s"
            time.sleep(1)
        node_tmp = data / "tmp"  # ES_TMPDIR: on the launcher's and the server JVM's command lines
        assert processes_using(node_tmp), "expected the node's JVMs to mention their temporary directory"

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 128 + signal.SIGTERM
        assert processes_using(node_tmp) == [], "the Elasticsearch JVM outlived its runner"
        assert not answers(url)
    finally:
        if process.poll() is None:
            process.kill()
        for pid in processes_using(data / "tmp"):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(data, ignore_errors=True)
