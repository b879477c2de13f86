"""Drafting a catalog from a database: the draft loads, checks clean and fits the data."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from schema_catalog import (
    Catalog,
    IntrospectionError,
    TableKind,
    check_catalog,
    check_drift,
    draft_catalog_from_database,
    load_catalog,
    write_draft,
)


@pytest.fixture(scope="module")
def drafted(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("draft")
    write_draft(draft_catalog_from_database(demo_db), folder)
    return load_catalog(folder)


def test_draft_guesses_the_profile(drafted: Catalog) -> None:
    assert (drafted.profile.table, drafted.profile.key) == ("customers", "customer_id")


def test_draft_finds_event_tables_and_their_timestamps(drafted: Catalog, catalog: Catalog) -> None:
    assert {t.name: t.timestamp for t in drafted.event_tables} == {
        t.name: t.timestamp for t in catalog.event_tables
    }
    assert drafted.table("orders").measures == ("amount", "items")


def test_draft_lists_values_of_low_cardinality_strings(drafted: Catalog) -> None:
    assert drafted.table("orders").column("channel").allowed_values == ("app", "store", "web")
    assert drafted.table("customers").column("email").allowed_values is None
    assert drafted.table("customers").column("email").pii


def test_draft_joins_every_table_on_the_key(drafted: Catalog) -> None:
    joins = {t.name: t.join.column for t in drafted.tables if t.join is not None}
    assert set(joins) == {t.name for t in drafted.tables} - {"customers"}
    assert set(joins.values()) == {"customer_id"}
    assert drafted.table("consents").kind is TableKind.ATTRIBUTE


def test_draft_is_consistent_and_matches_the_database(drafted: Catalog, demo_db: Path) -> None:
    assert check_catalog(drafted) == []
    assert check_drift(drafted, demo_db) == []


def test_draft_of_an_empty_database_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(IntrospectionError):
        draft_catalog_from_database(empty)


def test_draft_of_a_non_database_is_an_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_text("hello")
    with pytest.raises(IntrospectionError):
        draft_catalog_from_database(garbage)
