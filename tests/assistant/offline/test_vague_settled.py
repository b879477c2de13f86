"""A vague word the sentence settles through the catalog's own phrases (issue 12, patterns 5
and 8): 'active' after 'customers' is the catalog's 'active customer'; 'engaged' said with a
channel is the indicator named with that channel. Nothing settles it → the planner still asks.
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute, Behavior, IndicatorRule
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


def indicators(request_text: str, catalog: Catalog) -> list[tuple[str, bool]]:
    result = propose(request_text, catalog)
    return [
        (node.indicator, node.negate)
        for _, node in result.rules.walk()
        if isinstance(node, IndicatorRule)
    ]


@pytest.mark.parametrize(
    ("request_text", "indicator"),
    [
        ("customers in Lille who are still active", "active_customer"),
        ("clientes de Nantes toujours actives", "active_customer"),
        ("Kunden aus Zürich, die noch aktiv sind", "active_customer"),
        ("clients de Rennes engagés par e-mail", "email_engaged"),
        ("Kunden, die per E-Mail engagiert sind", "email_engaged"),
    ],
)
def test_the_sentence_settles_a_vague_word_to_one_indicator(
    request_text: str, indicator: str, catalog: Catalog
) -> None:
    assert indicators(request_text, catalog) == [(indicator, False)]


def test_a_settled_word_keeps_its_negation_and_the_other_conditions(catalog: Catalog) -> None:
    result = propose("customers in Lyon who are no longer active", catalog)
    cities = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert [(c.field, c.value) for c in cities] == [("customers.city", "Lyon")]
    found = [n for _, n in result.rules.walk() if isinstance(n, IndicatorRule)]
    assert [(n.indicator, n.negate) for n in found] == [("active_customer", True)]


def test_the_settling_word_is_not_reused_as_a_rule_of_its_own(catalog: Catalog) -> None:
    result = propose("clients engagés sur l'email", catalog)
    assert not [n for _, n in result.rules.walk() if isinstance(n, Behavior)]


@pytest.mark.parametrize(
    "request_text",
    [
        "engaged customers",
        "active people",
        "people who are active",
        "engaged customers who opened an email",
    ],
)
def test_nothing_settles_it_so_the_planner_asks(request_text: str, catalog: Catalog) -> None:
    assert isinstance(PLANNER.plan(request_text, None, catalog), Clarification)


def test_another_catalogs_phrases_settle_its_own_words(grocery: Catalog) -> None:
    # grocery names its indicator 'active cardholders': the demo's 'customers' plays no part
    assert indicators("cardholders in Lille who are still active", grocery) == [
        ("active_shopper", False)
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "les clients inactifs de Lyon",
        "clientes de Nantes inactives",
        "Kunden aus Zürich, die inaktiv sind",
        "customers in Lille who are inactive",
    ],
)
def test_a_negating_prefix_settles_like_the_word_it_negates(
    request_text: str, catalog: Catalog
) -> None:
    # 'inactifs' is read as 'pas actifs': the settled word is the one the prefix negates
    assert indicators(request_text, catalog) == [("active_customer", True)]


@pytest.mark.parametrize(
    "request_text",
    [
        "porteurs de carte inactifs",
        "Karteninhaber, die nicht mehr aktiv sind",
        "cardholders in Lille who are inactive",
    ],
)
def test_any_name_of_the_people_settles_the_people_noun_of_a_phrase(
    request_text: str, grocery: Catalog
) -> None:
    # grocery says 'clients actifs' / 'active cardholders': its people by another name settle it
    assert indicators(request_text, grocery) == [("active_shopper", True)]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers inactive for more than 6 months",
        "clients inactifs depuis plus de 6 mois",
        "Kunden, die seit über 6 Monaten inaktiv sind",
    ],
)
def test_a_period_on_the_vague_word_keeps_the_question(request_text: str, catalog: Catalog) -> None:
    # the indicator has its own window: a stated period asks, with that period in each option
    assert isinstance(PLANNER.plan(request_text, None, catalog), Clarification)
