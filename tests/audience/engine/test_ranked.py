"""Ranked audiences on the demo database: count, waterfall, sample and members agree, and an
audience for a channel ranks only the reachable (the export gets N contacts, not fewer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from audience.engine import AudienceEngine
from audience.rules import BehaviorMeasure, Group, Ranking, RuleTree, Window
from schema_catalog import Catalog

SPEND = Ranking(
    by=BehaviorMeasure(
        event="orders", func="sum", measure="amount",
        window=Window(type="last", amount=12, unit="month"),
    )
)  # fmt: skip


@pytest.fixture(scope="module")
def engine(demo_db: Path, catalog: Catalog) -> Iterator[AudienceEngine]:
    with AudienceEngine(demo_db, catalog) as opened:
        yield opened


def _top_spenders(engine: AudienceEngine, n: int) -> list[int]:
    """The n biggest spenders of the last 12 months, by hand-written SQL (ties by key)."""
    sql = f"""
        SELECT c.customer_id FROM customers c
        LEFT JOIN (SELECT customer_id, SUM(amount) AS spent FROM orders
                   WHERE ordered_at >= TIMESTAMP '2025-10-01'
                     AND ordered_at < TIMESTAMP '2026-10-01'
                   GROUP BY customer_id) o ON o.customer_id = c.customer_id
        WHERE NOT COALESCE(c.birth_date >= DATE '2008-10-02', FALSE)
        ORDER BY COALESCE(o.spent, 0) DESC, c.customer_id LIMIT {n}"""
    return sorted(row[0] for row in engine.cursor().execute(sql).fetchall())


def test_a_ranked_audience_holds_the_top_n(engine: AudienceEngine) -> None:
    tree = RuleTree(root=Group(), limit=40, ranking=SPEND)
    assert engine.catalog.as_of.date().isoformat() == "2026-10-01"
    assert engine.count(tree).count == 40
    assert engine.member_ids(tree) == _top_spenders(engine, 40)
    sample = engine.sample(tree, 5)
    assert {row["customer_id"] for row in sample.rows} <= set(engine.member_ids(tree))


def test_a_ranked_channel_audience_is_n_contactable_people(engine: AudienceEngine) -> None:
    plain = RuleTree(root=Group(), limit=40, ranking=SPEND)
    for_email = plain.updated(channel="email")
    unreached = engine.waterfall(plain, "email")
    assert unreached.matched == 40 and unreached.contactable < 40  # the case this rule is for
    reached = engine.waterfall(for_email, "email")
    assert (reached.matched, reached.contactable) == (40, 40)
    assert engine.count(for_email).count == 40
