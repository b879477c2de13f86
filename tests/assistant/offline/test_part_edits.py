"""Follow-ups editing one part of the held audience: removing a behaviour's window (the
behaviour stays, over all history), replacing a value on its own field, exclusions listed
together, anchors carried from the held window."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Behavior, Node
from schema_catalog import Catalog
from tests.support.planning import converse


def _rules(result: object) -> list[Node]:
    assert isinstance(result, Proposal), result
    return list(result.rules.root.rules)


def _behaviors(result: object) -> list[Behavior]:
    return [node for node in _rules(result) if isinstance(node, Behavior)]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("Android users who ordered in the app last month", "drop the last-month part"),
        ("Android users who ordered in the app last month", "forget the time limit"),
        ("Android users who ordered in the app in May", "drop May"),
        ("clients Android qui ont commandé dans l'app le mois dernier", "enlève la période"),
        ("clients Android qui ont commandé dans l'app en mai", "enlève mai"),
        ("Android-Kunden, die im Mai in der App bestellt haben", "lass den Mai weg"),
        ("Android-Kunden, die im Mai in der App bestellt haben", "nimm den Zeitraum raus"),
    ],
)
def test_removing_the_period_keeps_the_behaviour_over_all_history(
    first: str, edit: str, catalog: Catalog
) -> None:
    before = converse(catalog, first)
    result = converse(catalog, first, edit)
    [held] = _behaviors(before)
    [behaviour] = _behaviors(result)
    assert held.window is not None
    assert behaviour.window is None
    assert behaviour.filters == held.filters and behaviour.event == held.event
    assert len(_rules(result)) == len(_rules(before))


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        (
            "customers whose last order was more than 90 days ago",
            "and exclude anyone who visited the site since",
        ),
        (
            "clients dont la dernière commande date de plus de 90 jours",
            "exclus ceux qui ont visité le site depuis",
        ),
        (
            "Kunden, deren letzte Bestellung mehr als 90 Tage zurückliegt",
            "und ohne die, die seitdem die Website besucht haben",
        ),
    ],
)
def test_a_bare_since_after_a_lapse_is_the_days_since_then(
    first: str, edit: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, edit)
    lapsed, excluded = _behaviors(result)
    assert lapsed.window is None and lapsed.aggregate.func.value == "days_since_last"
    assert excluded.negate and excluded.event == "web_sessions"
    assert excluded.window is not None
    assert (excluded.window.type.value, excluded.window.amount) == ("last", 90)


def test_a_bare_since_after_a_period_before_a_day_starts_that_day(catalog: Catalog) -> None:
    result = converse(
        catalog, "customers who ordered more than 90 days ago", "exclude anyone who visited since"
    )
    ordered, excluded = _behaviors(result)
    assert ordered.window is not None and excluded.window is not None
    assert excluded.negate and excluded.window.type.value == "since"
    assert excluded.window.start == ordered.window.end


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("big weekly shoppers in france", "no sorry, belgium"),
        ("big weekly shoppers in france", "sorry, belgium"),
        ("big weekly shoppers in france", "non pardon, la Belgique"),
        ("big weekly shoppers in france", "désolé, la Belgique"),
        ("big weekly shoppers in france", "nein sorry, Belgien"),
        ("big weekly shoppers in france", "hoppla, Belgien"),
    ],
)
def test_a_value_after_an_apology_replaces_the_value_of_its_field(
    first: str, edit: str, grocery: Catalog
) -> None:
    countries = [
        node
        for node in _rules(converse(grocery, first, edit))
        if getattr(node, "field", "") == "cardholders.country"
    ]
    assert [(node.value, node.negate) for node in countries] == [("BE", False)]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        (
            "students who shopped online in the last 3 months",
            "actually only drive, not home delivery",
        ),
        (
            "étudiants qui ont acheté en ligne ces 3 derniers mois",
            "en fait seulement le drive, pas la livraison à domicile",
        ),
        (
            "Studenten, die in den letzten 3 Monaten online eingekauft haben",
            "eigentlich nur Drive, nicht Lieferung nach Hause",
        ),
    ],
)
def test_the_value_said_negated_beside_its_replacement_is_the_old_one(
    first: str, edit: str, grocery: Catalog
) -> None:
    [basket] = _behaviors(converse(grocery, first, edit))
    assert not basket.negate and basket.window is not None
    assert [(c.field, c.value) for c in basket.filters] == [("channel", "click_and_collect")]


@pytest.mark.parametrize(
    ("first", "exclusion", "edit"),
    [
        (
            "customers with over 2000 points",
            "exclude Paris residents",
            "actually put Paris back and remove the VIPs instead",
        ),
        (
            "clients avec plus de 2000 points",
            "exclus les habitants de Paris",
            "en fait remets Paris et enlève plutôt les VIP",
        ),
        (
            "Kunden mit über 2000 Punkten",
            "ohne Kunden aus Paris",
            "nimm Paris wieder rein und entferne stattdessen die VIPs",
        ),
    ],
)
def test_letting_excluded_people_back_in_removes_their_exclusion(
    first: str, exclusion: str, edit: str, catalog: Catalog
) -> None:
    rules = _rules(converse(catalog, first, exclusion, edit))
    cities = [node for node in rules if getattr(node, "field", "") == "customers.city"]
    tiers = [node for node in rules if getattr(node, "field", "") == "customers.loyalty_tier"]
    assert cities == []
    assert [(node.value, node.negate) for node in tiers] == [("vip", True)]  # type: ignore[union-attr]
    assert len(rules) == 2


@pytest.mark.parametrize(
    "edit",
    [
        "except VIPs as well as anyone who ordered last week",
        "sauf les VIP ainsi que ceux qui ont commandé la semaine dernière",
        "außer VIPs sowie alle, die letzte Woche bestellt haben",
    ],
)
def test_a_group_joined_to_an_exclusion_is_left_out_too(edit: str, catalog: Catalog) -> None:
    rules = _rules(converse(catalog, "customers in Lyon", edit))
    [tier] = [node for node in rules if getattr(node, "field", "") == "customers.loyalty_tier"]
    [ordered] = [node for node in rules if isinstance(node, Behavior)]
    assert tier.negate and ordered.negate  # type: ignore[union-attr]
    assert ordered.window is not None


def test_a_group_joined_to_an_exclusion_in_one_request_is_left_out_too(catalog: Catalog) -> None:
    rules = _rules(
        converse(catalog, "customers in Lyon except VIPs as well as anyone who ordered last week")
    )
    assert [getattr(node, "negate", False) for node in rules] == [False, True, True]


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders with coupons that expired unused",
        "porteurs de carte avec des bons expirés non utilisés",
    ],
)
def test_two_states_said_side_by_side_are_one_state(request_text: str, grocery: Catalog) -> None:
    result = converse(grocery, request_text)
    [coupons] = _behaviors(result)
    assert [(c.field, c.value) for c in coupons.filters] == [("status", "expired")]
    assert isinstance(result, Proposal) and result.assumptions


def test_a_state_corrected_replaces_the_held_state(grocery: Catalog) -> None:
    result = converse(
        grocery, "cardholders with a redeemed coupon", "no, I meant coupons that expired unused"
    )
    [coupons] = _behaviors(result)
    assert [(c.field, c.value) for c in coupons.filters] == [("status", "expired")]


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ("cardholders who redeemed a coupon last month", "no, I meant the ones that expired"),
        (
            "porteurs de carte qui ont utilisé un coupon le mois dernier",
            "non, je voulais dire ceux qui ont expiré",
        ),
        (
            "Karteninhaber, die letzten Monat einen Gutschein eingelöst haben",
            "nein, ich meinte die abgelaufenen",
        ),
    ],
)
def test_a_state_corrected_asks_what_the_old_state_s_date_becomes(
    first: str, edit: str, grocery: Catalog
) -> None:
    result = converse(grocery, first, edit)
    assert isinstance(result, Clarification), result
    options = [option.rules for option in result.options]
    assert len(options) == 2
    for tree in options:
        [coupons] = [n for n in tree.root.rules if isinstance(n, Behavior)]  # type: ignore[union-attr]
        assert [(c.field, c.value) for c in coupons.filters] == [("status", "expired")]
    windows = [
        next(n for n in tree.root.rules if isinstance(n, Behavior)).window  # type: ignore[union-attr]
        for tree in options
    ]
    assert windows[0] is not None and windows[1] is None
