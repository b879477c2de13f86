"""A correction of a date edits the condition that holds the date.

A behaviour dated on one of its own date columns ('coupons that run out before the end of June':
the expiry date, from today to 30 June) has no window: 'change the date: before 15 July' moves
that filter's bound — it does not add a window on the row's other time. A day written without its
year on a date that may lie ahead is the next one ('before 15 July' on 2026-06-15 is 2026-07-15,
not 2025). And a correction naming a state that has its own date ('no, I meant coupons that
expired in May') dates that state's column, with nothing left to ask."""

from __future__ import annotations

import pytest

from assistant import Conversation, Proposal, Turn
from audience.rules import Behavior, Condition, Group, Op, RuleTree
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, converse, propose

RUNNING_OUT = RuleTree(root=Group(rules=[])).with_rules(
    [
        Behavior(
            event="coupons",
            filters=[
                Condition(field="status", op=Op.EQ, value="active"),
                Condition(field="expires_on", op=Op.BETWEEN, value=["2026-06-15", "2026-06-30"]),
            ],
        )
    ]
)
"""Coupons still valid that run out from today to the end of June."""


def _after(tree: RuleTree, request: str, catalog: Catalog) -> Behavior:
    history = Conversation().add(Turn(role="user", text="…"))
    history = history.add(Turn(role="assistant", text="…", rules=tree))
    result = PLANNER.plan(request, history, catalog)
    assert isinstance(result, Proposal), result
    (behavior,) = behaviors(result.rules)
    return behavior


@pytest.mark.parametrize(
    "correction",
    [
        "change the date: before 15 July instead",
        "make it before 20 July",
        "change la date : avant le 15 juillet plutôt",
        "ändere das Datum: lieber vor dem 15. Juli",
    ],
)
def test_a_new_bound_replaces_the_dated_filter(correction: str, grocery: Catalog) -> None:
    coupons = _after(RUNNING_OUT, correction, grocery)
    assert coupons.window is None
    (expiry,) = [c for c in coupons.filters if c.field == "expires_on"]
    assert expiry.op is Op.LT and str(expiry.value) in {"2026-07-15", "2026-07-20"}
    assert Condition(field="status", op=Op.EQ, value="active") in coupons.filters


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a valid coupon expiring before 15 July",
        "Kunden mit einem gültigen Gutschein, der vor dem 15. Juli abläuft",
    ],
)
def test_a_day_without_its_year_on_a_date_ahead_is_the_next_one(
    request_text: str, grocery: Catalog
) -> None:
    (coupons,) = behaviors(propose(request_text, grocery).rules)
    assert Condition(field="expires_on", op=Op.LT, value="2026-07-15") in coupons.filters


def test_a_past_event_keeps_the_day_behind(grocery: Catalog) -> None:
    (baskets,) = behaviors(propose("customers who shopped before 15 July", grocery).rules)
    assert baskets.window is not None and str(baskets.window.end) == "2025-07-15"


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        ("cardholders who redeemed a coupon in April", "no, I meant coupons that expired in April"),
        (
            "cardholders who redeemed a coupon in April",
            "no, I meant coupons that expired unused in April",
        ),
    ],
)
def test_a_corrected_state_dates_its_own_column(
    first: str, correction: str, grocery: Catalog
) -> None:
    result = converse(grocery, first, correction)
    assert isinstance(result, Proposal), result
    (coupons,) = behaviors(result.rules)
    assert coupons.window is None
    assert Condition(field="status", op=Op.EQ, value="expired") in coupons.filters
    assert (
        Condition(field="expires_on", op=Op.BETWEEN, value=["2026-04-01", "2026-04-30"])
        in coupons.filters
    )
    assert not [c for c in coupons.filters if c.field == "redeemed_at"]
