"""A town that is both a home town and a store (grocery: Roubaix, Arras, Tourcoing…) is where
people live when the sentence puts it right after its people: a people noun with 'in' / 'à' / 'in'
as with 'from' / 'de' / 'aus' ('student cardholders in Roubaix'), a word naming people by a value
of their profile ('the seniors from Arras', 'les étudiants de Tourcoing'), or a word standing for
them in a follow-up ('only those from Arras', 'seulement celles de Douai', 'nur die aus
Tourcoing'). A store word after the town still asks (en/fr/de). Around it: a noun the value's own
column names is the value's head ('an android phone' is the platform, not the mobile number); a
follow-up naming only another channel changes the channel and keeps the rules; 'A or B, plus
everyone C' is a third alternative; a store's district name ('Wazemmes', 'Ixelles') names it."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, Group, RuleTree
from schema_catalog import Catalog
from tests.support.planning import converse, propose


def _attributes(tree: RuleTree) -> dict[str, object]:
    return {node.field: node.value for _, node in tree.walk() if isinstance(node, Attribute)}


@pytest.mark.parametrize(
    ("request_text", "town"),
    [
        ("student cardholders in Roubaix", "Roubaix"),
        ("Club+ members in Tourcoing we can text", "Tourcoing"),
        ("les clients à Tourcoing", "Tourcoing"),
        ("Familienkarten-Inhaber in Arras", "Arras"),
        ("Kunden in Douai", "Douai"),
    ],
)
def test_a_town_right_after_its_people_is_the_home_town(
    request_text: str, town: str, grocery: Catalog
) -> None:
    fields = _attributes(propose(request_text, grocery).rules)
    assert fields.get("cardholders.home_city") == town
    assert "cardholders.home_store" not in fields


@pytest.mark.parametrize(
    ("request_text", "card", "town"),
    [
        ("the seniors from Arras", "senior", "Arras"),
        ("les étudiants de Tourcoing", "student", "Tourcoing"),
        ("Senioren aus Roubaix", "senior", "Roubaix"),
    ],
)
def test_people_named_by_a_profile_value_live_in_the_town(
    request_text: str, card: str, town: str, grocery: Catalog
) -> None:
    fields = _attributes(propose(request_text, grocery).rules)
    assert fields == {"cardholders.card_type": card, "cardholders.home_city": town}


@pytest.mark.parametrize(
    ("first", "follow_up", "town"),
    [
        ("shoppers who bought wine this year", "only those from Arras", "Arras"),
        ("shoppers who bought wine this year", "just the ones in Tourcoing", "Tourcoing"),
        ("clients qui ont acheté du vin cette année", "seulement celles de Douai", "Douai"),
        ("Kunden, die dieses Jahr Wein gekauft haben", "nur die aus Tourcoing", "Tourcoing"),
    ],
)
def test_a_word_standing_for_the_people_makes_the_town_their_home(
    first: str, follow_up: str, town: str, grocery: Catalog
) -> None:
    result = converse(grocery, first, follow_up)
    assert isinstance(result, Proposal), result
    fields = _attributes(result.rules)
    assert fields.get("cardholders.home_city") == town
    assert "cardholders.home_store" not in fields


@pytest.mark.parametrize(
    "request_text",
    [
        "everyone from the Roubaix store",
        "les clients du magasin d'Arras",
        "alle Kunden der Filiale Tourcoing",
        "the shoppers at Douai",
    ],
)
def test_a_store_word_or_no_people_link_still_asks(request_text: str, grocery: Catalog) -> None:
    result = converse(grocery, request_text)
    assert isinstance(result, Clarification), result


@pytest.mark.parametrize(
    "request_text",
    [
        "senior cardholders with an android phone",
        "seniors avec un téléphone Android",
        "Senioren mit einem Android-Handy",
    ],
)
def test_a_noun_the_values_column_names_is_the_values_head(
    request_text: str, grocery: Catalog
) -> None:
    fields = _attributes(propose(request_text, grocery).rules)
    assert fields == {"cardholders.card_type": "senior", "app_users.platform": "android"}


def test_an_unknown_word_taken_as_the_values_noun_is_stated(grocery: Catalog) -> None:
    """'Handy' is no term of the catalog: a name of the platform column vouches for it, so the
    proposal says it read the word so (trust contract: no content word is swallowed silently)."""
    proposal = propose("Senioren aus Mons mit einem Android-Handy", grocery)
    assert [note for note in proposal.assumptions if "Handy" in note]
    known = propose("senior cardholders with an android phone", grocery)
    assert not [note for note in known.assumptions if "phone" in note]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("students living in Arras for an SMS campaign", "switch that to a push campaign"),
        ("étudiants qui habitent Arras pour une campagne SMS", "remplace par une campagne push"),
        ("Studenten, die in Arras wohnen, für eine SMS-Kampagne", "mach daraus eine Push-Kampagne"),
    ],
)
def test_a_follow_up_naming_another_channel_keeps_the_rules(
    first: str, follow_up: str, grocery: Catalog
) -> None:
    before = converse(grocery, first)
    result = converse(grocery, first, follow_up)
    assert isinstance(before, Proposal) and isinstance(result, Proposal), result
    assert result.rules.channel == "push"
    assert result.rules.root == before.rules.root


@pytest.mark.parametrize(
    ("request_text", "store"),
    [
        ("Club+ or students, plus everyone attached to the Vieux-Lille store", "Lille Vieux-Lille"),
        ("Club+ ou étudiants, ainsi que ceux rattachés au magasin de Wazemmes", "Lille Wazemmes"),
        ("Club+ oder Studenten, sowie alle mit Stammfiliale Ixelles", "Bruxelles Ixelles"),
    ],
)
def test_plus_everyone_after_an_or_is_a_third_alternative(
    request_text: str, store: str, grocery: Catalog
) -> None:
    root = propose(request_text, grocery).rules.root
    assert len(root.rules) == 1 and isinstance(root.rules[0], Group)
    alternatives = root.rules[0]
    assert alternatives.op == "or" and len(alternatives.rules) == 3
    assert _attributes(RuleTree(root=alternatives))["cardholders.home_store"] == store


def test_demo_city_beside_people_or_behaviour(catalog: Catalog) -> None:
    """The demo city that is a home city and a store city: after its people it is the home
    city; after a purchase it stays the store city."""
    assert _attributes(propose("VIP customers in Lyon", catalog).rules)["customers.city"] == "Lyon"
    bought = propose("customers who bought shoes in Lyon", catalog).rules
    assert "customers.city" not in _attributes(bought)
