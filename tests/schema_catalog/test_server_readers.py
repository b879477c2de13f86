"""The PostgreSQL and Spark ``DatabaseReader``s answer what ``DuckDBReader`` answers on the same
demo data (copied row for row): tables, columns mapped to catalog types, counts, distinct
counts, frequent values, value overlap, newest values and read-only queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlglot import exp

from schema_catalog import Catalog, DatabaseReader, ReaderError, open_duckdb_reader
from schema_catalog.server_readers import open_reader, redact_target, spark_parts


@pytest.fixture(scope="module")
def duck(demo_db: Path) -> Iterator[DatabaseReader]:
    import shutil

    copy = demo_db.with_name("reader-copy.duckdb")  # another in-process open of the same file
    if not copy.exists():
        shutil.copyfile(demo_db, copy)
    with open_duckdb_reader(copy) as reader:
        yield reader


@pytest.fixture(scope="module", params=["postgresql", pytest.param("spark", marks=[
    pytest.mark.xdist_group("spark"), pytest.mark.slow])])  # fmt: skip
def server(request: pytest.FixtureRequest) -> Iterator[DatabaseReader]:
    target = request.getfixturevalue("pg_demo" if request.param == "postgresql" else "spark_demo")
    with open_reader(target) as reader:
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
