"""Recency counts whole UTC days, like every window (docs/time.md): an event at any time on the
day before as_of is 1 day ago, and 'more than N days ago' is 'before as_of − N days'.

On the hand-made data (as_of 2026-10-01 00:00), customer 11's last order is 2026-09-29 17:00:
2 days ago, not 1 (it is only 31 hours before as_of).
"""

from __future__ import annotations

from typing import Any

import pytest

from audience.compile import compile_rules, render_sql
from audience.rules import Aggregate, Behavior, Group, Op, RuleTree, Window
from schema_catalog import Catalog


def _members(catalog: Catalog, connection: Any, node: Behavior) -> set[int]:
    sql = render_sql(compile_rules(RuleTree(root=Group(rules=(node,))), catalog))
    return {row[0] for row in connection.execute(sql).fetchall()}


def _recency(op: Op, days: int) -> Behavior:
    return Behavior(event="orders", aggregate=Aggregate(func="days_since_last", op=op, value=days))


@pytest.mark.parametrize(
    ("op", "days", "holds"),
    [(Op.EQ, 2, True), (Op.LTE, 1, False), (Op.GT, 1, True), (Op.GT, 2, False)],
)
def test_the_last_event_is_counted_in_calendar_days(
    compiler_catalog: Catalog, handmade: Any, op: Op, days: int, holds: bool
) -> None:
    assert (11 in _members(compiler_catalog, handmade, _recency(op, days))) is holds


@pytest.mark.parametrize("days", [1, 2, 3, 30, 200])
def test_within_n_days_starts_where_the_last_n_days_start(
    compiler_catalog: Catalog, handmade: Any, days: int
) -> None:
    recent = _members(compiler_catalog, handmade, _recency(Op.LTE, days))
    window = Behavior(event="orders", window=Window(type="last", amount=days, unit="day"))
    at_as_of = {12}  # an order at as_of itself: 0 days ago, but not before as_of
    assert recent - at_as_of == _members(compiler_catalog, handmade, window)
