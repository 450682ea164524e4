"""Start a real single-node Elasticsearch 8 for development and tests, from Maven Central.

The node is Elastic's own `integ-test-zip` distribution (org.elasticsearch.distribution.integ-test-zip),
run in one JVM with a capped heap, plus the icase-analysis plugin built from `plugin/` (that
distribution lacks the analysis-common module). Jars and the unpacked distribution are cached in
`.cache/elasticsearch/` (git-ignored). Elasticsearch refuses to run as root, so when started by root
the node runs as a system user created for it.

    python -m search.elasticsearch.runner [--port 9200]     # runs until Ctrl+C or SIGTERM

ES_VERSION is the one place the version is set: the plugin is built against it (and against the
Lucene the distribution ships), and tests check that docker-compose.yml runs the same image and
that plugin/pom.xml's defaults agree.
"""

import argparse
import contextlib
import fcntl
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ES_VERSION = "8.19.21"
ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = Path(os.environ.get("ICASE_ES_CACHE", ROOT / ".cache" / "elasticsearch"))
HEAP = os.environ.get("ICASE_ES_HEAP", "1g")
RUN_AS = "icase-es"


class ElasticsearchUnavailable(RuntimeError):
    """Java, Maven or the distribution could not be had; the message says which."""


def _run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise ElasticsearchUnavailable(
            f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return result


def java_home():
    java = shutil.which("java")
    if not java:
        raise ElasticsearchUnavailable("Java 17 or later is needed to run Elasticsearch (no `java` on PATH).")
    return str(Path(java).resolve().parents[1])


def lucene_version(home):
    """The Lucene version the distribution ships, which the plugin must be compiled against."""
    jars = sorted((home / "lib").glob("lucene-core-*.jar"))
    if len(jars) != 1:
        raise ElasticsearchUnavailable(f"expected one lucene-core jar in {home / 'lib'}, found {len(jars)}")
    return jars[0].name.removeprefix("lucene-core-").removesuffix(".jar")


def _plugin_is_current(plugin_jar, sources):
    """Built after its last edit, and for ES_VERSION (a version bump alone must rebuild it)."""
    if not plugin_jar.exists() or plugin_jar.stat().st_mtime < max(path.stat().st_mtime for path in sources):
        return False
    with zipfile.ZipFile(plugin_jar) as jar:
        descriptor = jar.read("plugin-descriptor.properties").decode()
    return f"elasticsearch.version={ES_VERSION}" in descriptor.splitlines()


@contextlib.contextmanager
def _cache_lock():
    """Test sessions and `make elasticsearch` may start at once: one at a time unpacks and builds."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def distribution_home():
    """Download (once) and unpack the distribution; build and install the analysis plugin."""
    if not shutil.which("mvn"):
        raise ElasticsearchUnavailable("Maven (`mvn`) is needed to fetch Elasticsearch from Maven Central.")
    with _cache_lock():
        return _prepare_distribution()


def _prepare_distribution():
    home = CACHE / f"elasticsearch-{ES_VERSION}"
    plugin = HERE / "plugin"
    plugin_jar = plugin / "target" / "icase-analysis.jar"
    if not (home / "bin" / "elasticsearch").exists():
        archive = CACHE / f"elasticsearch-{ES_VERSION}.zip"
        if not archive.exists():
            _run(
                ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={ARTIFACT}", f"-DoutputDirectory={CACHE}"]
            )
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(CACHE)
        for script in (home / "bin").iterdir():
            script.chmod(0o755)
    sources = [plugin / "pom.xml", *sorted(path for path in (plugin / "src").rglob("*") if path.is_file())]
    if not _plugin_is_current(plugin_jar, sources):
        _run(
            [
                "mvn",
                "-q",
                "-B",
                "package",
                f"-Delasticsearch.version={ES_VERSION}",
                f"-Dlucene.version={lucene_version(home)}",
            ],
            cwd=plugin,
        )
    installed = home / "plugins" / "icase-analysis"
    installed.mkdir(parents=True, exist_ok=True)
    shutil.copy2(plugin_jar, installed / "icase-analysis.jar")
    with zipfile.ZipFile(plugin_jar) as jar:
        (installed / "plugin-descriptor.properties").write_bytes(jar.read("plugin-descriptor.properties"))
    return home


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _service_user():
    """Elasticsearch will not run as root; create (once) and use an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", RUN_AS])
    return RUN_AS


def _chown_tree(path, user):
    entry = pwd.getpwnam(user)
    for directory, _dirs, files in os.walk(path):
        os.chown(directory, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(directory, name), entry.pw_uid, entry.pw_gid)


class LocalElasticsearch:
    """One node on 127.0.0.1 with its own data directory, stopped (and cleaned up) on exit."""

    def __init__(self, port=None, data_dir=None):
        self.port = port or free_port()
        self._own_data = data_dir is None
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="icase-es-"))
        self.process = None
        self._stopped = False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=120):
        home = distribution_home()
        user = _service_user()
        for sub in ("data", "logs", "tmp"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ES_JAVA_HOME": java_home(),
            "ES_JAVA_OPTS": f"-Xms{HEAP} -Xmx{HEAP}",
            "ES_TMPDIR": str(self.data_dir / "tmp"),
        }
        command = [
            str(home / "bin" / "elasticsearch"),
            "-E",
            "discovery.type=single-node",
            "-E",
            "xpack.security.enabled=false",
            "-E",
            "network.host=127.0.0.1",
            "-E",
            f"http.port={self.port}",
            "-E",
            f"path.data={self.data_dir / 'data'}",
            "-E",
            f"path.logs={self.data_dir / 'logs'}",
            "-E",
            "cluster.routing.allocation.disk.threshold_enabled=false",
        ]
        if user:
            _chown_tree(self.data_dir, user)
            _chown_tree(home, user)
            command = ["runuser", "-u", user, "--", "env", *[f"{k}={v}" for k, v in env.items()], *command]
        self.log = open(self.data_dir / "console.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ElasticsearchUnavailable(
                    f"Elasticsearch exited during start-up; see {self.data_dir / 'console.log'}"
                )
            try:
                health = urllib.request.urlopen(
                    f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3
                )
                if health.status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise ElasticsearchUnavailable(f"Elasticsearch did not start within {timeout}s")

    def stop(self, timeout=30):
        """Stop the whole process group: the launcher, and the server JVM it starts (once: a second
        call must not signal a group id the system may have handed out again)."""
        if self.process and not self._stopped:
            self._stopped = True
            _signal_group(self.process.pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
            while _group_alive(self.process.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _group_alive(self.process.pid):
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self._own_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _signal_group(pgid, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _group_alive(pgid):
    """Whether any process of the group still runs (zombies awaiting their reaper do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _exit_on_sigterm(signum, _frame):
    """Service managers and CI stop us with SIGTERM: unwind through main()'s finally like Ctrl+C."""
    raise SystemExit(128 + signum)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--data", default=str(CACHE / "data"), help="data directory (kept between runs)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    node = LocalElasticsearch(port=args.port, data_dir=args.data)
    try:
        node.start()
        print(f"Elasticsearch {ES_VERSION} is running at {node.url} (heap {HEAP}). Press Ctrl+C to stop.")
        print(f"Use it with: export ELASTICSEARCH_URL={node.url}", flush=True)
        node.process.wait()
    except ElasticsearchUnavailable as error:
        sys.exit(str(error))
    except KeyboardInterrupt:
        pass
    finally:
        node.stop()


if __name__ == "__main__":
    main()
