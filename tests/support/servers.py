"""Real database servers for tests and benchmarks: a throwaway PostgreSQL cluster, a Spark session.

``PostgresCluster`` runs Debian's PostgreSQL binaries (``initdb`` + ``pg_ctl``) on a temporary
directory with a Unix socket only (``listen_addresses=''``), never the system service. PostgreSQL
refuses to run as root, so as root the cluster runs as the ``postgres`` user on a directory it
owns. A cluster never outlives the process that started it: ``stop`` at the end, a watchdog
process (in a session of its own, so killing the test run's process group spares it) that stops
the server when its owner dies however it dies, and ``sweep_clusters`` that stops what a killed
run left behind before a new run starts one. ``spark_session`` starts one local Spark (PyPI
``pyspark`` on Debian's JRE).

Under ``CI=true`` a missing server is a failure, not a skip (``require``).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPERUSER = "perimeter"
"""The cluster's superuser (owner of the loaded data); the engine connects as ``READER``."""
READER = "perimeter_reader"
"""The read-only role of the README, created with ``READ_ONLY_ROLE_SQL``."""
CLUSTER_PREFIX = "perimeter-pg-"
"""Cluster directories are ``<tmp>/perimeter-pg-*``, each with an ``owner.pid`` file."""
OWNER_FILE = "owner.pid"


def postgres_bin() -> Path | None:
    """Debian's versioned PostgreSQL binaries (``/usr/lib/postgresql/<N>/bin``), newest first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def free_port() -> int:
    """A TCP port number nobody listens on now (used as the socket file's number)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresCluster:
    """A PostgreSQL cluster in ``root`` (data directory + socket directory), started and stopped.

    Usage::

        cluster = PostgresCluster.new()      # a fresh directory under the system's tmp
        cluster.start()
        url = cluster.url()                  # postgresql://perimeter@/postgres?host=…&port=…
        cluster.stop()                       # also removes the directory
    """

    root: Path
    port: int = 0
    watchdog: subprocess.Popen[bytes] | None = None

    @classmethod
    def new(cls) -> PostgresCluster:
        """A cluster in a new ``<tmp>/perimeter-pg-*`` directory owned by this process.

        Not under pytest's basetemp: a concurrent pytest run prunes old basetemps, and PostgreSQL
        (running as the postgres user) must reach its directory through world-executable parents.
        """
        root = Path(tempfile.mkdtemp(prefix=CLUSTER_PREFIX))
        (root / OWNER_FILE).write_text(str(os.getpid()))
        return cls(root)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def start(self) -> None:
        """``initdb`` (trust auth, superuser ``perimeter``), ``pg_ctl start`` on a socket, and a
        watchdog that stops the server if this process dies first."""
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError(
                "PostgreSQL binaries not found; install Debian's postgresql package "
                "(`make servers` as root)."
            )
        self.port = self.port or free_port()
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._own(self.root)
        initdb = [str(binaries / "initdb"), "-D", str(self.data_dir), "-A", "trust"]
        self._run([*initdb, "-U", SUPERUSER, "-E", "UTF8", "--no-locale", "--no-sync"])
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=40 "
            "-c shared_buffers=128MB -c timezone=UTC"
        )
        log = self.root / "server.log"
        self.watchdog = _watchdog(os.getpid(), self.root)
        self._run([str(binaries / "pg_ctl"), "-D", str(self.data_dir), "-l", str(log), "-o",
                   options, "-w", "-t", "60", "start"])  # fmt: skip

    def stop(self) -> None:
        """Stop the server (fast shutdown, immediate if that fails) and remove the directory."""
        binaries = postgres_bin()
        try:
            if binaries is not None and (self.data_dir / "postmaster.pid").exists():
                self._run([str(binaries / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast",
                           "-w", "stop"])  # fmt: skip
        finally:
            stop_postmaster(self.root)
            if self.watchdog is not None:
                self.watchdog.kill()
                self.watchdog.wait()
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """The libpq URL of ``database`` as ``user`` over the Unix socket."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def _own(self, path: Path) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(path)], check=True)
            path.chmod(0o755)
            for parent in path.parents:  # the postgres user must reach its directory
                if parent == Path("/"):
                    break
                parent.chmod(parent.stat().st_mode | 0o011)

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(
            _as_postgres(command), capture_output=True, text=True, cwd=str(self.root)
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()}\n{tail}")


_WATCHDOG = """
import os, signal, shutil, sys, time
owner, root = int(sys.argv[1]), sys.argv[2]
def alive():
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True
while alive():
    time.sleep(1)
try:
    with open(os.path.join(root, "data", "postmaster.pid")) as pid_file:
        os.kill(int(pid_file.readline()), signal.SIGQUIT)
    time.sleep(2)
except (OSError, ValueError):
    pass
shutil.rmtree(root, ignore_errors=True)
"""
"""Waits for the owner process to end, then stops its postmaster (immediate shutdown) and removes
the cluster directory. Plain Python with no import of the project: it outlives the test run."""


def _watchdog(owner: int, root: Path) -> subprocess.Popen[bytes]:
    """Start the watchdog of ``root`` in a new session (a process-group kill does not reach it)."""
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(owner), str(root)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def stop_postmaster(root: Path, wait_s: float = 10) -> bool:
    """Send the postmaster of the cluster in ``root`` an immediate shutdown; True if one ran."""
    try:
        pid = int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError, IndexError):
        return False
    deadline = time.monotonic() + wait_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_clusters(tmp: Path | None = None) -> list[Path]:
    """Stop and remove the clusters whose owning process is gone (a killed test run's).

    Clusters of live processes (other test runs on this machine) are left alone.

    Returns:
        The directories removed.
    """
    swept = []
    for root in sorted(Path(tmp or tempfile.gettempdir()).glob(f"{CLUSTER_PREFIX}*")):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being created
        if _alive(owner):
            continue
        stop_postmaster(root)
        shutil.rmtree(root, ignore_errors=True)
        swept.append(root)
    return swept


def create_database(cluster: PostgresCluster, name: str) -> str:
    """Create database ``name`` (owned by the superuser); returns its superuser URL."""
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


def spark_available() -> bool:
    """pyspark importable and a Java runtime on the PATH."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def spark_session(tmp: Path, *, partitions: int = 1) -> Any:
    """One local[2] Spark session for a test run (quiet, small, warehouse under ``tmp``)."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("perimeter-tests")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Test data is tiny: interpreted expressions and no broadcast jobs beat code generation
        # and broadcast exchanges by an order of magnitude per query on 2 cores.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .config("spark.sql.autoBroadcastJoinThreshold", "-1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tmp} -XX:+UseSerialGC")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def load_demo_postgres(cluster: PostgresCluster, duckdb_file: Path, name: str) -> str:
    """Database ``name`` holding the demo data and the README's read-only role.

    Returns:
        The URL of the read-only role (``READER``) on that database: what Perimeter connects with.
    """
    import psycopg

    from audience.engine.postgres_backend import read_only_role_sql
    from schema_catalog import load_catalog
    from schema_catalog.demo.targets import copy_demo_database

    owner_url = create_database(cluster, name)
    copy_demo_database(duckdb_file, owner_url, load_catalog())
    with psycopg.connect(owner_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [READER])
        statements = read_only_role_sql(name, READER)
        for statement in statements[1:] if exists.fetchone() else statements:
            connection.execute(statement)
    return cluster.url(name, READER)
