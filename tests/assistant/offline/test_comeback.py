"""Win-back: 'came back in the last 2 weeks after a 6-month break' is one behaviour in the
window, none in the break just before it, and one before the break — never the people who did
*not* come back. With no length for the break, the planner asks."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification
from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "break_start"),
    [
        (
            "customers who came back in the last two weeks after a long break - nothing bought"
            " for 6+ months before that",
            date(2026, 3, 17),
        ),
        (
            "customers who bought again in the last 2 weeks after a 3+ month break",
            date(2026, 6, 17),
        ),
        (
            "clients qui ont acheté ces 2 dernières semaines après 6 mois sans achat",
            date(2026, 3, 17),
        ),
        (
            "clients de retour ces 2 dernières semaines après 3 mois sans commande",
            date(2026, 6, 17),
        ),
        (
            "Kunden, die nach über 3 Monaten Pause in den letzten 2 Wochen wieder eingekauft haben",
            date(2026, 6, 17),
        ),
    ],
)
def test_back_after_a_break_is_in_the_window_none_in_the_break_one_before(
    request_text: str, break_start: date, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    back, gap, before = behaviors(proposal.rules)
    assert back.negate is False and back.window is not None
    assert back.window.type is WindowKind.LAST and back.aggregate.value == 1
    assert gap.negate is True and gap.window is not None
    assert (gap.window.start, gap.window.end) == (break_start, date(2026, 9, 16))
    assert before.negate is False and before.window is not None
    assert (before.window.type, before.window.end) == (WindowKind.BEFORE, break_start)
    assert not [item.phrase for item in proposal.coverage if item.rule_path is None]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought again in the last two weeks after a long break",
        "clients qui ont acheté de nouveau ces 2 dernières semaines après une longue pause",
        "Kunden, die nach einer langen Pause in den letzten 2 Wochen wieder gekauft haben",
    ],
)
def test_a_break_with_no_length_is_asked(request_text: str, catalog: Catalog) -> None:
    assert isinstance(PLANNER.plan(request_text, None, catalog), Clarification)
