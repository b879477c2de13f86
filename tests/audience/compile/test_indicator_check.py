"""Every dynamic indicator compiled, guarded and run with LIMIT 0 when the catalog is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from audience.compile import check_indicators_run
from schema_catalog import Catalog, Indicator, open_duckdb_reader


def _with(catalog: Catalog, sql: str) -> Catalog:
    indicator = Indicator(
        name="recent_visitor", label="Recent visitor", type="boolean", mode="dynamic", sql=sql
    )
    return catalog.model_copy(update={"indicators": (indicator,)})


GOOD = (
    "SELECT hh_ref AS household_no, TRUE AS value FROM visits "
    "WHERE visit_day >= CAST(:as_of AS DATE) - INTERVAL 90 DAY AND YEAR(visit_day) > 2000"
)


def test_a_sound_indicator_passes_and_runs(vet_draft: Catalog, vet_db: Path) -> None:
    catalog = _with(vet_draft, GOOD)
    with open_duckdb_reader(vet_db) as reader:
        assert check_indicators_run(catalog, reader) == []


@pytest.mark.parametrize(
    "expression", ["now()", "getenv('HOME')", "current_date", "read_csv('/etc/passwd')"]
)
def test_a_disallowed_function_is_named_at_check_time(vet_draft: Catalog, expression: str) -> None:
    sql = f"SELECT hh_ref AS household_no, {expression} IS NOT NULL AS value FROM visits"
    issues = check_indicators_run(_with(vet_draft, sql))
    assert [(i.code, i.path) for i in issues] in (
        [("indicator_function_not_allowed", "indicators.recent_visitor.sql")],
        [("indicator_sql_refused", "indicators.recent_visitor.sql")],  # a table function
    )
    assert "YEAR" in (issues[0].hint or "") or issues[0].code == "indicator_sql_refused"


def test_an_indicator_the_database_cannot_run_fails_at_check_time(
    vet_draft: Catalog, vet_db: Path
) -> None:
    sql = "SELECT hh_ref AS household_no, reason + 1 AS value FROM visits"  # text + number
    with open_duckdb_reader(vet_db) as reader:
        issues = check_indicators_run(_with(vet_draft, sql), reader)
    assert [(i.code, i.path) for i in issues] == [
        ("indicator_sql_fails", "indicators.recent_visitor.sql")
    ]
