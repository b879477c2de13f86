"""Upcoming windows on future-dated events, on the clinics database (an unlike business).

Golden fixtures in ``tests/fixtures/upcoming``: each ``NAME.json`` holds a rule tree and
``NAME.sql`` the DuckDB SQL it compiles to; the members it selects on the generated database
must equal what the independent Python evaluator selects from the same rows, and be non-empty.
The catalog is the one the tutorial in docs/catalog.md produces (``tests/fixtures/vet_catalog``,
``as_of: latest``, resolved when the engine opens the data).
"""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from audience.compile import compile_rules, guard_select, render_sql
from audience.engine import AudienceEngine
from audience.rules import Behavior, Condition, Group, RuleTree, Window
from schema_catalog import load_catalog
from tests.support import FIXTURES
from tests.support.rule_evaluator import Evaluator
from tests.support.vet_db import LAST_DAY

GOLDEN = FIXTURES / "upcoming"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))


@pytest.fixture(scope="module")
def engine(vet_db: Path) -> Any:
    with AudienceEngine(vet_db, load_catalog(FIXTURES / "vet_catalog")) as opened:
        yield opened


@pytest.fixture(scope="module")
def evaluator(engine: AudienceEngine) -> Evaluator:
    catalog = engine.catalog
    data = {}
    for table in catalog.tables:
        names = [column.name for column in table.columns]
        quoted = ", ".join(f'"{name}"' for name in names)
        rows = engine.cursor().execute(f'SELECT {quoted} FROM "{table.name}"').fetchall()
        data[table.name] = [dict(zip(names, row, strict=True)) for row in rows]
    return Evaluator(catalog, data, {})


def test_latest_resolves_to_just_after_the_past_events(engine: AudienceEngine) -> None:
    """One second after the newest reminder (a TIMESTAMP on the last day); the bookings, which
    run months past it, are left out."""
    newest = engine.cursor().execute('SELECT max("sent_at") FROM "reminders"').fetchall()[0][0]
    assert newest.date() == LAST_DAY
    assert engine.catalog.as_of == newest.replace(tzinfo=UTC) + timedelta(seconds=1)


@pytest.mark.parametrize("name", CASES)
def test_upcoming_golden_fixture(name: str, engine: AudienceEngine, evaluator: Evaluator) -> None:
    tree = RuleTree.model_validate(json.loads((GOLDEN / f"{name}.json").read_text())["rules"])
    select = compile_rules(tree, engine.catalog)
    sql = render_sql(select)
    assert sql == (GOLDEN / f"{name}.sql").read_text().rstrip("\n")
    guard_select(select, engine.catalog)
    members = sorted(engine.member_ids(tree))
    assert members == evaluator.members(tree)
    assert members


def _all_of(*rules: Behavior) -> RuleTree:
    return RuleTree(root=Group(rules=list(rules)))


def test_all_filters_of_one_behaviour_hold_on_the_same_event_row(
    engine: AudienceEngine, evaluator: Evaluator
) -> None:
    """'A cancelled vaccination appointment in the next 60 days' is one appointment, not a
    vaccination appointment and, separately, some cancelled one."""
    ahead = Window(type="next", amount=60, unit="day")
    vaccination = Condition(field="service", op="eq", value="vaccination")
    cancelled = Condition(field="status", op="eq", value="cancelled")
    one_row = _all_of(
        Behavior(event="appointments", filters=[vaccination, cancelled], window=ahead),
    )
    two_rows = _all_of(
        Behavior(event="appointments", filters=[vaccination], window=ahead),
        Behavior(event="appointments", filters=[cancelled], window=ahead),
    )
    same = set(engine.member_ids(one_row))
    apart = set(engine.member_ids(two_rows))
    assert same == set(evaluator.members(one_row))
    assert same < apart  # strictly: some households have the two on different appointments
