"""A verb of moving between values names the ends of one event ('switched from A to B', 'passés
de A à B', 'von A auf B gewechselt'): the value after the start word is the event's previous
value, after the end word its new value — never the profile's current value."""

from __future__ import annotations

import pytest

from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import propose


def _changes(request: str, catalog: Catalog) -> list[Behavior]:
    rules = propose(request, catalog).rules.root.rules
    assert all(getattr(rule, "field", None) != "accounts.current_plan" for rule in rules)
    return [rule for rule in rules if isinstance(rule, Behavior)]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who switched from Essential to Unlimited in the shop",
        "clients passés de l'Essentiel à l'Unlimited en boutique",
        "Kunden, die von Essential auf Unlimited im Shop gewechselt sind",
    ],
)
def test_both_ends_of_one_move_are_one_plan_change(request_text: str, telecom: Catalog) -> None:
    (change,) = _changes(request_text, telecom)
    assert change.event == "plan_changes"
    assert {(c.field, c.value) for c in change.filters} == {
        ("from_plan", "essential_30gb"),
        ("to_plan", "unlimited"),
        ("channel", "shop"),
    }


@pytest.mark.parametrize(
    "request_text",
    [
        "who moved to Unlimited through the app last year?",
        "clients passés à l'Unlimited via l'appli l'an dernier",
        "Kunden, die letztes Jahr über die App auf Unlimited gewechselt sind",
    ],
)
def test_the_end_of_a_move_is_the_new_plan(request_text: str, telecom: Catalog) -> None:
    (change,) = _changes(request_text, telecom)
    assert change.event == "plan_changes"
    assert ("to_plan", "unlimited") in {(c.field, c.value) for c in change.filters}
    assert ("channel", "app") in {(c.field, c.value) for c in change.filters}


@pytest.mark.parametrize(
    "request_text",
    [
        "clients passés du forfait Essentiel au Plus 100 Go par téléphone",
        "customers who moved from the Essential plan to Plus 100 GB by phone",
        "Kunden, die per Hotline von Essential auf Plus 100 GB gewechselt sind",
    ],
)
def test_a_number_in_the_plan_moved_to_is_its_name(request_text: str, telecom: Catalog) -> None:
    """'au Plus 100 Go' after a verb of moving is the plan moved to, not 'at most 100 GB'."""
    (change,) = _changes(request_text, telecom)
    assert {(c.field, c.value) for c in change.filters} == {
        ("from_plan", "essential_30gb"),
        ("to_plan", "plus_100gb"),
        ("channel", "call_centre"),
    }


def test_at_most_without_a_move_stays_a_comparison(telecom: Catalog) -> None:
    rules = propose("clients qui ont consommé au plus 100 Go de data", telecom).rules.root.rules
    assert not any("plan" in str(rule) for rule in rules)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who upgraded to Unlimited in 2025",
        "clients qui ont fait un upgrade vers l'Illimité en 2025",
        "Kunden mit einem Upgrade auf Unlimited in 2025",
    ],
)
def test_the_move_event_named_by_its_own_word_takes_the_end(
    request_text: str, telecom: Catalog
) -> None:
    """'upgraded to Unlimited': the catalog's word for the move itself (no verb of moving) still
    puts the plan after 'to' on the new plan — it was read as the plan they left (silent)."""
    (change,) = _changes(request_text, telecom)
    values = {condition.field: condition.value for condition in change.filters}
    assert values.get("to_plan") == "unlimited" and "from_plan" not in values
