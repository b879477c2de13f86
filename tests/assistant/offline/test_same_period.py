"""'that week', 'in that time', 'cette semaine-là', 'in derselben Woche' point back at an earlier
period itself (not what follows it, as 'since' does): within a request ('viewed the checkout in
the last 7 days without placing an order in that time') and in a follow-up ('leave out anyone who
also went to a city store that week'). An exclusion saying 'also' excludes; it adds nobody."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse, propose


def _negated_window(result: object) -> tuple[Behavior, Behavior]:
    assert isinstance(result, Proposal), result
    done, undone = behaviors(result.rules)
    assert not done.negate and undone.negate
    return done, undone


@pytest.mark.parametrize(
    "request_text",
    [
        "anyone who viewed the checkout page in the last 7 days without an order in that time",
        "customers who bought shoes in March but no bags that month",
        "clients qui ont acheté des chaussures en mars mais pas de sacs ce mois-là",
        "Kunden, die im März Schuhe gekauft haben, aber im selben Monat keine Taschen",
    ],
)
def test_the_period_is_lent_within_a_request(request_text: str, catalog: Catalog) -> None:
    done, undone = _negated_window(propose(request_text, catalog))
    assert undone.window == done.window


@pytest.mark.parametrize(
    "follow_up",
    [
        "leave out anyone who also went to a city store that week",
        "exclude those who also shopped in a city store the same week",
        "enlève ceux qui sont aussi allés dans un magasin city cette semaine-là",
        "ohne die, die in derselben Woche auch in einem City-Markt eingekauft haben",
    ],
)
def test_a_follow_up_takes_the_audience_period(follow_up: str) -> None:
    grocery = get_domain("grocery").load_catalog()
    result = converse(grocery, "hypermarket shoppers from last week", follow_up)
    done, undone = _negated_window(result)
    assert undone.window == done.window and undone.window is not None
    assert [c.value for c in undone.filters] == ["city"]


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts that either had a failed payment in the last 3 months or complained to care"
        " about billing in that same period",
        "accounts with a failed payment in January or a billing complaint that same month",
        "abonnés avec un paiement rejeté ces 3 derniers mois ou qui ont contacté le service"
        " client pour la facturation sur cette même période",
        "Kunden, die in den letzten 3 Monaten eine fehlgeschlagene Zahlung hatten oder sich im"
        " selben Zeitraum beim Kundenservice über die Rechnung beschwert haben",
    ],
)
def test_an_alternative_takes_the_period_it_points_back_to(
    request_text: str, telecom: Catalog
) -> None:
    """'or … in that same period': a behaviour that is not negated takes the earlier period too
    (it was dropped, and the alternative read over all time)."""
    paid, complained = behaviors(propose(request_text, telecom).rules)
    assert not paid.negate and not complained.negate
    assert paid.window is not None and complained.window == paid.window
