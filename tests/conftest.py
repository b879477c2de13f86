"""Shared fixtures, one of each: the demo catalog and database, the hand-made database, a
workspace for the app, the fake OpenAI-compatible server, the clinics database, and the real
servers of the other engines (a PostgreSQL cluster per worker, one Spark session per run) holding
the same demo data.

Helpers that are not fixtures live in ``tests/support/`` (imported as ``tests.support.x``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings as hypothesis_settings

from languages import packs
from schema_catalog import Catalog, load_catalog
from settings import load_settings
from tests.support.fake_openai_server import FakeOpenAIServer
from tests.support.main_module import main_module_kept

if TYPE_CHECKING:
    from tests.support.servers import PostgresCluster

hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=100, print_blob=True
)
"""Under ``CI=true`` every Hypothesis test draws the same examples on every run (derandomized,
no example database): a CI failure reproduces, and a pass is not luck. Tests that need more or
fewer examples say so with their own ``@settings``, which keep ``derandomize`` from here."""
if load_settings().ci:
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own OS-user home (tokens, audit keys and anchors live under it; kept
    out of ``tmp_path``) and no ambient credential from the environment."""
    home = tmp_path_factory.mktemp("os-home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("PERIMETER_TOKEN", "PERIMETER_PASSWORD", "PERIMETER_AUDIT_KEY",
                 "PERIMETER_WORKSPACE_FILE", "PERIMETER_AUDIT_KEY_FILE",
                 "PERIMETER_AUDIT_CHECKPOINT"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def real_main_module() -> Iterator[None]:
    """Each test leaves ``sys.modules['__main__']`` as it found it: an AppTest run replaces it,
    and a process a later test starts would re-run the AppTest's script (``main_module``)."""
    with main_module_kept():
        yield


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def compiler_catalog(catalog: Catalog) -> Catalog:
    """The demo catalog without personal-data flags, for compiler fixtures on free text."""
    from tests.support.catalogs import without_pii

    return without_pii(catalog)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-customer demo database generated once per test session (per xdist worker)."""
    from schema_catalog.demo.data import generate_demo_data

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    generate_demo_data(path, customers=5_000, seed=7)
    return path


@pytest.fixture(scope="session")
def vet_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The veterinary-clinics database (an unlike business), 600 households, once per session."""
    from tests.support.vet_db import write_vet_database

    return write_vet_database(tmp_path_factory.mktemp("vet") / "clinics.duckdb", households=600)


@pytest.fixture(scope="session")
def climbing_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The climbing-gyms database of the new-user trial (a lookup table every table references,
    a do-not-contact list without channel column), 300 climbers, once per session."""
    from tests.support.climbing_db import write_climbing_database

    return write_climbing_database(tmp_path_factory.mktemp("climbing") / "gyms.duckdb")


@pytest.fixture(scope="session")
def vet_draft(vet_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalog ``perimeter catalog draft`` writes for the clinics database, loaded."""
    from schema_catalog import draft_catalog_from_database, write_draft

    folder = tmp_path_factory.mktemp("vet_draft")
    write_draft(draft_catalog_from_database(vet_db), folder)
    return load_catalog(folder)


@pytest.fixture(scope="session")
def handmade() -> Any:
    """The hand-made dataset (``tests.support.handmade_db``) in an in-memory DuckDB connection:
    a dozen customers whose every expected member is known by heart. Read only."""
    from tests.support.handmade_db import handmade_dataset, load_duckdb

    return load_duckdb(handmade_dataset(), load_catalog())


@pytest.fixture
def workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Path) -> Path:
    """A fresh workspace home on the demo database, set in the environment the app reads."""
    home = tmp_path / "home"
    monkeypatch.setenv("PERIMETER_HOME", str(home))
    monkeypatch.setenv("PERIMETER_DATABASE", str(demo_db))
    monkeypatch.setenv("PERIMETER_PLANNER", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return home


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """The fake OpenAI-compatible server on a free 127.0.0.1 port, empty: queue answers with
    ``enqueue`` or compute them with ``respond_with``."""
    with FakeOpenAIServer() as running:
        yield running


def require(available: bool, what: str) -> None:
    """Skip a test whose server is missing on a developer machine; under CI=true, fail it."""
    if available:
        return
    message = f"{what} is not installed here (`make engines servers` installs it)."
    if load_settings().ci:
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


def _private_copy(database: Path) -> Path:
    """A copy of a DuckDB file: DuckDB refuses a second in-process open with another config."""
    copy = database.with_name(f"copy-{database.name}")
    if not copy.exists():
        shutil.copyfile(database, copy)
    return copy


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster (Unix socket only) for the test session of this worker.

    Stopped at the end of the session, by a watchdog if the session is killed, and what a killed
    run left behind is swept first (``tests.support.servers``)."""
    from tests.support.servers import PostgresCluster, postgres_bin, sweep_clusters

    try:
        import psycopg  # noqa: F401
    except ImportError:
        require(False, "psycopg")
    require(postgres_bin() is not None, "PostgreSQL (Debian's postgresql package)")
    sweep_clusters()
    cluster = PostgresCluster.new()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_demo(pg_cluster: PostgresCluster, demo_db: Path) -> str:
    """The session's demo database copied to PostgreSQL; the read-only role's URL."""
    from tests.support.servers import load_demo_postgres

    return load_demo_postgres(pg_cluster, _private_copy(demo_db), "demo")


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One local Spark session per test run (tests using it share the 'spark' xdist group)."""
    from tests.support.servers import spark_available, spark_session

    require(spark_available(), "Spark (pyspark and a Java runtime)")
    session = spark_session(tmp_path_factory.mktemp("spark"))
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_demo(spark: Any, demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The session's demo database as a Parquet folder; the ``spark:…?parquet=DIR`` target."""
    from schema_catalog.demo.targets import copy_demo_database

    folder = tmp_path_factory.mktemp("lake")
    copy_demo_database(_private_copy(demo_db), f"parquet:{folder}", load_catalog())
    return f"spark:local[2]?parquet={folder}"


@pytest.fixture(scope="session")
def riverside_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The foreign test catalog's database (text keys, four channels, DATE events)."""
    from tests.support.riverside import build_riverside_database

    return build_riverside_database(tmp_path_factory.mktemp("riverside") / "riverside.duckdb")


@pytest.fixture
def packs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Packs read from a folder of the test's own (copies of the real ones), caches cleared."""
    for lang in ("en", "fr"):
        shutil.copytree(packs.PACKS_DIR / lang, tmp_path / lang)
    monkeypatch.setattr(packs, "PACKS_DIR", tmp_path)
    packs.available_languages.cache_clear()
    packs._load.cache_clear()
    yield tmp_path
    packs.available_languages.cache_clear()
    packs._load.cache_clear()
