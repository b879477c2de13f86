"""``as_of: latest`` and ``as_of: now``: loaded as a mode, resolved where the data is opened."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from schema_catalog import (
    DEMO_CATALOG_DIR,
    AsOfMode,
    Catalog,
    load_catalog,
    newest_of,
    open_duckdb_reader,
    resolve_as_of,
    resolve_as_of_from_file,
)


def _catalog_with(as_of: str, tmp_path: Path) -> Catalog:
    folder = tmp_path / "catalog"
    shutil.copytree(DEMO_CATALOG_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    top = folder / "catalog.yml"
    text = top.read_text(encoding="utf-8").replace(
        'as_of: "2026-10-01T00:00:00Z"', f"as_of: {as_of}"
    )
    top.write_text(text, encoding="utf-8")
    return load_catalog(folder)


def _database(tmp_path: Path) -> Path:
    """Orders up to 2026-03-14 15:00, email events up to 2026-03-12 (demo column names)."""
    path = tmp_path / "data.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE orders (customer_id BIGINT, ordered_at TIMESTAMP)")
        con.execute(
            "INSERT INTO orders VALUES (1, '2026-03-14 15:00:00'), (2, '2025-01-01 00:00:00')"
        )
        con.execute("CREATE TABLE email_events (customer_id BIGINT, event_at TIMESTAMP)")
        con.execute("INSERT INTO email_events VALUES (1, '2026-03-12 08:00:00')")
        for table in ("web_sessions", "page_views", "app_devices"):
            con.execute(f"CREATE TABLE {table} (customer_id BIGINT)")
    return path


def test_latest_loads_as_a_pending_mode(tmp_path: Path) -> None:
    catalog = _catalog_with("latest", tmp_path)
    assert catalog.as_of_mode is AsOfMode.LATEST
    assert catalog.as_of_pending
    assert isinstance(catalog.as_of, datetime)


def test_latest_is_one_second_after_the_newest_timestamp(tmp_path: Path) -> None:
    """Not the next midnight: the data's own newest instant, shown with where it came from."""
    catalog = _catalog_with("latest", tmp_path)
    catalog = catalog.model_copy(
        update={"tables": tuple(t for t in catalog.tables if t.name in ("customers", "orders"))}
    )
    with open_duckdb_reader(_database(tmp_path)) as reader:
        resolved = resolve_as_of(catalog, reader)
    assert resolved.as_of == datetime(2026, 3, 14, 15, 0, 1, tzinfo=UTC)
    assert not resolved.as_of_pending
    assert resolved.as_of_text().startswith("2026-03-14 15:00:01 UTC (")
    assert "2026-03-14 15:00:00 in orders.ordered_at" in (resolved.as_of_note or "")


@pytest.mark.parametrize(
    ("found", "as_of"),
    [
        # A DATE has no time of day: the end of its day.
        ([(date(2026, 6, 14), "visits.visit_day")], datetime(2026, 6, 15, tzinfo=UTC)),
        # A timestamp on the newest date's day says more precisely when the data ends.
        (
            [(date(2026, 6, 14), "v.day"), (datetime(2026, 6, 14, 9, 30, 0, 250), "r.at")],
            datetime(2026, 6, 14, 9, 30, 1, tzinfo=UTC),
        ),
        # A newer date beats an older timestamp.
        (
            [(date(2026, 6, 14), "v.day"), (datetime(2026, 6, 13, 23, 0), "r.at")],
            datetime(2026, 6, 15, tzinfo=UTC),
        ),
        # Aware timestamps are read in UTC.
        (
            [(datetime(2026, 6, 14, 1, 0, tzinfo=timezone(timedelta(hours=2))), "r.at")],
            datetime(2026, 6, 13, 23, 0, 1, tzinfo=UTC),
        ),
    ],
)
def test_latest_from_dates_and_timestamps(found: list[tuple[date, str]], as_of: datetime) -> None:
    newest = newest_of(found)
    assert newest is not None
    assert newest.as_of == as_of


def test_latest_without_any_event_is_none() -> None:
    assert newest_of([(None, "orders.ordered_at"), ("text", "x.y")]) is None


def test_latest_skips_future_event_tables(tmp_path: Path) -> None:
    catalog = _catalog_with("latest", tmp_path)
    kept = [t for t in catalog.tables if t.name in ("customers", "orders", "email_events")]
    future = [t.model_copy(update={"future_events": t.name == "orders"}) for t in kept]
    catalog = catalog.model_copy(update={"tables": tuple(future)})
    with open_duckdb_reader(_database(tmp_path)) as reader:
        resolved = resolve_as_of(catalog, reader)
    assert resolved.as_of == datetime(2026, 3, 12, 8, 0, 1, tzinfo=UTC)  # email events


def test_now_takes_the_clock_when_opened(tmp_path: Path) -> None:
    catalog = _catalog_with("now", tmp_path)
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    with open_duckdb_reader(_database(tmp_path)) as reader:
        resolved = resolve_as_of(catalog, reader, clock=lambda: moment)
    assert resolved.as_of == moment
    assert resolved.as_of_mode is AsOfMode.NOW


def test_fixed_catalog_is_unchanged(catalog: Catalog, tmp_path: Path) -> None:
    assert resolve_as_of_from_file(catalog, _database(tmp_path)) is catalog
    assert "fixed" in catalog.as_of_text()


def test_the_engine_opens_the_data_with_latest_resolved(tmp_path: Path) -> None:
    """The engine resolves latest when it opens the data, and the newest event itself is
    inside 'the last day'."""
    from audience.engine import AudienceEngine
    from audience.rules import Behavior, Group, RuleTree, Window

    catalog = _catalog_with("latest", tmp_path)
    database = tmp_path / "demo.duckdb"
    from schema_catalog.demo.data import generate_demo_data

    generate_demo_data(database, customers=300, seed=3)
    window = Window(type="last", amount=1, unit="day")
    ordered = RuleTree(root=Group(rules=[Behavior(event="orders", window=window)]))
    with AudienceEngine(database, catalog) as engine:
        assert not engine.catalog.as_of_pending
        as_of = engine.catalog.as_of.replace(tzinfo=None)
        counted = engine.count(ordered).count
    past = [t for t in catalog.event_tables if not t.future_events]
    with duckdb.connect(str(database), read_only=True) as con:
        newest = max(
            con.execute(f'SELECT max("{t.timestamp}") FROM "{t.name}"').fetchall()[0][0]
            for t in past
        )
        since = con.execute(  # no upper bound: nothing is newer than the newest order
            "SELECT count(DISTINCT customer_id) FROM orders WHERE ordered_at >= ?",
            [as_of - timedelta(days=1)],
        ).fetchall()[0][0]
    # The demo's events end just before its fixed as_of 2026-10-01.
    assert as_of == newest.replace(microsecond=0) + timedelta(seconds=1)
    assert as_of <= datetime(2026, 10, 1)
    assert counted == since > 0


@pytest.mark.parametrize("word", ["latest", "now", "LATEST"])
def test_words_are_case_insensitive(word: str, tmp_path: Path) -> None:
    assert _catalog_with(word, tmp_path).as_of_mode.value == word.lower()
