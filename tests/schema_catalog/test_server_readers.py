"""The PostgreSQL and Spark ``DatabaseReader``s answer what ``DuckDBReader`` answers on the same
demo data (copied row for row): tables, columns mapped to catalog types, counts, distinct
counts, frequent values, value overlap, newest values and read-only queries; so the drift check
and the catalog draft find on each server what they find on the DuckDB file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlglot import exp

from schema_catalog import (
    Catalog,
    ColumnType,
    DatabaseReader,
    ReaderError,
    check_drift,
    draft_catalog_from_database,
    load_catalog,
    open_duckdb_reader,
    write_draft,
)
from schema_catalog.server_readers import open_reader, redact_target, spark_parts


@pytest.fixture(scope="module")
def duck_copy(demo_db: Path) -> Path:
    """A copy of the demo database: another in-process open of the same file (other config)
    would be refused."""
    import shutil

    copy = demo_db.with_name("reader-copy.duckdb")
    if not copy.exists():
        shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture(scope="module")
def duck(duck_copy: Path) -> Iterator[DatabaseReader]:
    with open_duckdb_reader(duck_copy) as reader:
        yield reader


@pytest.fixture(scope="module", params=["postgresql", pytest.param("spark", marks=[
    pytest.mark.xdist_group("spark"), pytest.mark.slow])])  # fmt: skip
def server_target(request: pytest.FixtureRequest) -> str:
    """The demo data on PostgreSQL (the read-only role) or as Parquet for Spark."""
    return str(
        request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'spark'}_demo")
    )


@pytest.fixture(scope="module")
def server(server_target: str) -> Iterator[DatabaseReader]:
    with open_reader(server_target) as reader:
        yield reader


def test_tables_and_column_types(
    duck: DatabaseReader, server: DatabaseReader, catalog: Catalog
) -> None:
    assert server.tables() == duck.tables()
    for table in catalog.tables:
        ours = [(c.name, c.type) for c in server.columns(table.name)]
        assert ours == [(c.name, c.type) for c in duck.columns(table.name)], table.name
        assert all(kind is not None for _, kind in ours)
    assert server.columns("no_such_table") == []


def test_statistics_agree(duck: DatabaseReader, server: DatabaseReader) -> None:
    assert server.row_count("orders") == duck.row_count("orders")
    assert server.distinct_count("customers", "country") == duck.distinct_count(
        "customers", "country"
    )
    assert server.sample_values("orders", "category", 4) == duck.sample_values(
        "orders", "category", 4
    )
    overlap = server.value_overlap("orders", "customer_id", "customers", "customer_id")
    assert overlap == duck.value_overlap("orders", "customer_id", "customers", "customer_id")
    assert overlap.share == 1.0
    assert server.newest_value("orders", "ordered_at") == duck.newest_value("orders", "ordered_at")


def test_run_query_and_refusal(duck: DatabaseReader, server: DatabaseReader) -> None:
    query = exp.select(exp.Count(this=exp.Star())).from_(exp.to_table("suppressions"))
    assert server.run_query(query) == duck.run_query(query)
    with pytest.raises(ReaderError):
        server.run_query(exp.select(exp.column("nope")).from_(exp.to_table("customers")))


def test_target_helpers() -> None:
    assert spark_parts("spark:spark://head:7077") == ("spark://head:7077", None)
    assert redact_target("postgresql://a@/db?host=/tmp") == "postgresql://a@/db?host=/tmp"
    assert redact_target("postgresql://a:pw@h/db") == "postgresql://a:***@h/db"


@pytest.mark.xdist_group("spark")
def test_open_reader_reports_missing_parquet(tmp_path: Path, spark: Any) -> None:
    with pytest.raises(ReaderError), open_reader(f"spark:local[2]?parquet={tmp_path}/none"):
        pass


def _drifted(catalog: Catalog) -> Catalog:
    """The demo catalog with three differences from the demo data: ``orders.amount`` typed as a
    string, ``app`` missing from ``orders.channel``'s values, ``suppressions`` undescribed."""
    orders = catalog.table("orders")
    changes: dict[str, dict[str, Any]] = {
        "amount": {"type": ColumnType.STRING}, "channel": {"allowed_values": ("store", "web")},
    }  # fmt: skip
    columns = tuple(c.model_copy(update=changes.get(c.name, {})) for c in orders.columns)
    tables = tuple(
        orders.model_copy(update={"columns": columns}) if t.name == "orders" else t
        for t in catalog.tables
        if t.name != "suppressions"
    )
    return catalog.model_copy(update={"tables": tables})


def _issues(catalog: Catalog, target: str | Path) -> set[tuple[str, str]]:
    return {(issue.code, issue.path) for issue in check_drift(catalog, target)}


def test_drift_on_the_server_finds_what_duckdb_finds(
    server_target: str, duck_copy: Path, catalog: Catalog
) -> None:
    assert check_drift(catalog, server_target) == []
    drifted = _drifted(catalog)
    expected = {
        ("type_mismatch", "tables.orders.columns.amount.type"),
        ("value_not_allowed", "tables.orders.columns.channel.allowed_values"),
        ("extra_table", "database.suppressions"),
    }
    assert _issues(drifted, duck_copy) == expected
    assert _issues(drifted, server_target) == expected


def test_draft_on_the_server_is_the_duckdb_draft(
    server_target: str, duck_copy: Path, tmp_path: Path
) -> None:
    drafts = {}
    for name, target in (("duckdb", str(duck_copy)), ("server", server_target)):
        write_draft(draft_catalog_from_database(target), tmp_path / name)
        drafts[name] = load_catalog(tmp_path / name)
    server, duck = drafts["server"], drafts["duckdb"]
    assert server.tables == duck.tables
    assert (server.profile, server.indicators) == (duck.profile, duck.indicators)
    assert check_drift(server, server_target) == []


def test_unreachable_server_is_one_drift_error(catalog: Catalog, tmp_path: Path) -> None:
    unreachable = f"postgresql://nobody:secret@/nowhere?host={tmp_path}&port=1"
    issues = check_drift(catalog, unreachable)
    assert [(i.code, i.path) for i in issues] == [("database_unavailable", "database")]
    assert "secret" not in issues[0].message
