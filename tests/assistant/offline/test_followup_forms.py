"""Follow-ups in forms the edit words alone do not show: a long turn with no people noun that
narrows ('it's for an SMS campaign, so only the ones we can reach') edits the audience instead
of starting a new one; a bare duration changing a window that lies ahead keeps it ahead."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior, Reachable, WindowKind
from schema_catalog import Catalog
from tests.support.planning import converse, propose


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        (
            "VIP customers in Lyon",
            "this is for a text message campaign next week, so only the ones we are able to "
            "reach by SMS",
        ),
        (
            "clients VIP à Lyon",
            "c'est pour une campagne SMS la semaine prochaine, donc seulement ceux qu'on peut "
            "joindre par SMS",
        ),
        (
            "VIP-Kunden in Lyon",
            "das ist für eine SMS-Kampagne nächste Woche, also nur die, die wir per SMS "
            "erreichen können",
        ),
    ],
)
def test_a_long_narrowing_turn_keeps_the_audience(
    first: str, follow_up: str, catalog: Catalog
) -> None:
    before = propose(first, catalog).rules.root.rules
    result = converse(catalog, first, follow_up)
    assert isinstance(result, Proposal), result
    rules = result.rules.root.rules
    assert rules[: len(before)] == before
    assert [n.channel for n in rules if isinstance(n, Reachable)] == ["sms"]
    assert len(result.assumptions) == 1  # what it keeps is stated


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("subscribers whose trial ends in the next 10 days", "make it 7 days"),
        ("abonnés dont l'essai se termine dans les 10 prochains jours", "plutôt 7 jours"),
        ("Kunden, deren Probeabo in den nächsten 10 Tagen endet", "lieber 7 Tage"),
    ],
)
def test_a_bare_duration_keeps_a_window_ahead(first: str, edit: str, telecom: Catalog) -> None:
    result = converse(telecom, first, edit)
    assert isinstance(result, Proposal), result
    (trial,) = [n for n in result.rules.root.rules if isinstance(n, Behavior)]
    assert trial.window is not None
    assert (trial.window.type, trial.window.amount) == (WindowKind.NEXT, 7)


def test_a_bare_duration_of_a_past_window_stays_past(catalog: Catalog) -> None:
    result = converse(catalog, "customers who ordered in the last 30 days", "make it 60 days")
    assert isinstance(result, Proposal), result
    (orders,) = [n for n in result.rules.root.rules if isinstance(n, Behavior)]
    assert orders.window is not None
    assert (orders.window.type, orders.window.amount) == (WindowKind.LAST, 60)
