"""A behaviour whose period is held by one of its own dates ('coupons redeemed in the last 3
weeks': the redemption date, not the event's time) takes a new period on that date: the filter
changes, no second window is added beside it (which would keep only the overlap of both periods),
and the change is not flagged as one the follow-up does not name."""

from __future__ import annotations

import pytest

from assistant import Conversation, Proposal, Turn
from assistant.offline import OfflinePlanner
from assistant.planning import plan
from audience.rules import Behavior, Condition, Op, TimeUnit
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose

REDEEMED = "cardholders who redeemed a coupon in the last 3 weeks"


@pytest.fixture(scope="module")
def grocery() -> Catalog:
    return get_domain("grocery").load_catalog()


def _dated(behaviour: Behavior) -> list[Condition]:
    return [c for c in behaviour.filters if c.field == "redeemed_at"]


def _follow(grocery: Catalog, follow_up: str) -> Proposal:
    first = propose(REDEEMED, grocery)
    history = Conversation(
        turns=(
            Turn(role="user", text=REDEEMED),
            Turn(role="assistant", text=first.explanation, rules=first.rules),
        )
    )
    result = plan(follow_up, history, grocery, planner=OfflinePlanner())
    assert isinstance(result, Proposal), result
    return result


def test_the_period_starts_on_the_date_filter(grocery: Catalog) -> None:
    (behaviour,) = behaviors(propose(REDEEMED, grocery).rules)
    assert behaviour.window is None
    assert [(c.op, c.value, c.unit) for c in _dated(behaviour)] == [
        (Op.WITHIN_LAST, 3, TimeUnit.WEEK)
    ]


@pytest.mark.parametrize(
    ("follow_up", "op", "value", "unit"),
    [
        ("make it 2 months", Op.WITHIN_LAST, 2, TimeUnit.MONTH),
        ("in the last 6 months instead", Op.WITHIN_LAST, 6, TimeUnit.MONTH),
        ("make it since March", Op.GTE, "2026-03-01", None),
    ],
)
def test_a_new_period_replaces_the_dated_filter(
    follow_up: str, op: Op, value: object, unit: TimeUnit | None, grocery: Catalog
) -> None:
    result = _follow(grocery, follow_up)
    (behaviour,) = behaviors(result.rules)
    assert behaviour.window is None
    assert [(c.op, c.value, c.unit) for c in _dated(behaviour)] == [(op, value, unit)]
    assert not [i for i in result.issues if i.code == "edit_unnamed_change"]
