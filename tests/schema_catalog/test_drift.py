"""Drift between the catalog and a real DuckDB file: one altered database per defect class."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from schema_catalog import Catalog, ColumnType, Severity, check_drift
from schema_catalog.column_types import accepts, logical_type


@pytest.fixture
def altered(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database the test may alter."""
    return Path(shutil.copyfile(demo_db, tmp_path / "copy.duckdb"))


def _alter(database: Path, *statements: str) -> None:
    with duckdb.connect(str(database)) as con:
        for statement in statements:
            con.execute(statement).fetchall()


def _found(catalog: Catalog, database: Path) -> set[tuple[str, str, Severity]]:
    return {(i.code, i.path, i.severity) for i in check_drift(catalog, database)}


def test_the_demo_database_has_no_drift(catalog: Catalog, demo_db: Path) -> None:
    assert check_drift(catalog, demo_db) == []


def test_missing_table(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "DROP TABLE suppressions")
    assert _found(catalog, altered) == {("missing_table", "tables.suppressions", Severity.ERROR)}


def test_missing_column(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "ALTER TABLE orders DROP COLUMN items")
    assert _found(catalog, altered) == {
        ("missing_column", "tables.orders.columns.items", Severity.ERROR)
    }


def test_type_mismatch(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "ALTER TABLE orders ALTER amount TYPE VARCHAR")
    assert _found(catalog, altered) == {
        ("type_mismatch", "tables.orders.columns.amount.type", Severity.ERROR)
    }


def test_timezone_aware_timestamps_are_a_mismatch(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "ALTER TABLE orders ALTER ordered_at TYPE TIMESTAMPTZ")
    assert ("type_mismatch", "tables.orders.columns.ordered_at.type", Severity.ERROR) in _found(
        catalog, altered
    )


def test_other_integer_and_decimal_widths_are_accepted(catalog: Catalog, altered: Path) -> None:
    _alter(
        altered,
        "ALTER TABLE orders ALTER items TYPE INTEGER",
        "ALTER TABLE orders ALTER amount TYPE DOUBLE",
    )
    assert check_drift(catalog, altered) == []


def test_extra_column_is_a_warning(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "ALTER TABLE customers ADD COLUMN nickname VARCHAR")
    assert _found(catalog, altered) == {
        ("extra_column", "tables.customers.columns.nickname", Severity.WARNING)
    }


def test_value_outside_allowed_values_is_a_warning(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "UPDATE orders SET channel = 'phone' WHERE order_id = 1")
    assert _found(catalog, altered) == {
        ("value_not_allowed", "tables.orders.columns.channel.allowed_values", Severity.WARNING)
    }


def test_extra_table_is_info(catalog: Catalog, altered: Path) -> None:
    _alter(altered, "CREATE TABLE scratch (x INTEGER)")
    assert _found(catalog, altered) == {("extra_table", "database.scratch", Severity.INFO)}


def test_missing_database_file(catalog: Catalog, tmp_path: Path) -> None:
    assert _found(catalog, tmp_path / "none.duckdb") == {
        ("database_unavailable", "database", Severity.ERROR)
    }


def test_a_file_that_is_not_a_database(catalog: Catalog, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database at all" * 100)
    assert _found(catalog, garbage) == {("database_unavailable", "database", Severity.ERROR)}


def test_drift_check_does_not_modify_the_database(catalog: Catalog, altered: Path) -> None:
    before = altered.read_bytes()
    check_drift(catalog, altered)
    assert altered.read_bytes() == before


@pytest.mark.parametrize(
    ("column_type", "duckdb_type", "expected"),
    [
        (ColumnType.INTEGER, "INTEGER", True),
        (ColumnType.INTEGER, "DECIMAL(12,2)", False),
        (ColumnType.DECIMAL, "DECIMAL(18,3)", True),
        (ColumnType.DECIMAL, "DOUBLE", True),
        (ColumnType.TIMESTAMP, "TIMESTAMP WITH TIME ZONE", False),
        (ColumnType.STRING, "VARCHAR", True),
        (ColumnType.DATE, "TIMESTAMP", False),
    ],
)
def test_type_compatibility(column_type: ColumnType, duckdb_type: str, expected: bool) -> None:
    assert accepts(column_type, duckdb_type) is expected


def test_logical_type_of_unsupported_types_is_none() -> None:
    assert logical_type("INTEGER[]") is None
    assert logical_type("BIGINT") is ColumnType.INTEGER
