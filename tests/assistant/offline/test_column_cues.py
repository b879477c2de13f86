"""A value shared by two columns (a town that is a home town and a home cinema) is settled by
the sentence when it says which: a word of one column's names ('registered' for 'registered
cinema'), a word saying where people live, or the reading of a value it is listed with. With
none of these the planner still asks.
"""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import PLANNER, behaviors, converse, propose


@pytest.fixture(scope="module")
def two_towns(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members also have a home cinema in the same towns."""
    home_cinema = Column(
        name="home_cinema",
        type=ColumnType.STRING,
        label="Home cinema",
        labels={"fr": "Cinéma de rattachement", "de": "Stammkino"},
        description="The cinema the membership card is registered at.",
        synonyms=("home cinema", "registered cinema"),
        allowed_values=("Leeds", "York", "Bath", "Hull"),
    )
    return with_profile_column(cinema, home_cinema)


def _attributes(request: str, catalog: Catalog) -> tuple[Attribute, ...]:
    rules = propose(request, catalog).rules.root.rules
    assert all(isinstance(rule, Attribute) for rule in rules), rules
    return tuple(rule for rule in rules if isinstance(rule, Attribute))


@pytest.mark.parametrize(
    "request_text",
    ["members registered at York", "York-registered members", "membres rattachés à York"],
)
def test_a_word_of_one_column_name_settles_the_value(request_text: str, two_towns: Catalog) -> None:
    assert _attributes(request_text, two_towns) == (
        Attribute(field="moviegoers.home_cinema", op=Op.EQ, value="York"),
    )


def test_the_cue_word_is_read_not_reported(two_towns: Catalog) -> None:
    result = propose("members registered at York", two_towns)
    reported = [entry for entry in result.coverage if entry.rule_path is None]
    assert not [entry for entry in reported if "registered" in entry.phrase], reported


@pytest.mark.parametrize(
    "request_text",
    [
        "York residents",
        "members domiciled in York",
        "Mitglieder, die in York wohnen",
        "Mitglieder mit Wohnsitz in York",
        "les membres qui habitent à York",
        "les membres domiciliées à York",
    ],
)
def test_a_residence_word_picks_the_column_of_where_people_live(
    request_text: str, two_towns: Catalog
) -> None:
    assert _attributes(request_text, two_towns) == (
        Attribute(field="moviegoers.home_town", op=Op.EQ, value="York"),
    )


@pytest.mark.parametrize(
    ("request_text", "field"),
    [
        ("members registered at York or Hull", "moviegoers.home_cinema"),
        ("members living in Bath or in Hull", "moviegoers.home_town"),
        ("Mitglieder, die in Bath oder Hull wohnen", "moviegoers.home_town"),
    ],
)
def test_a_value_listed_after_a_settled_one_takes_its_column(
    request_text: str, field: str, two_towns: Catalog
) -> None:
    (rule,) = _attributes(request_text, two_towns)
    assert rule.field == field
    assert rule.op is Op.IN


def test_without_a_cue_the_shared_value_is_asked(two_towns: Catalog) -> None:
    result = PLANNER.plan("members at York", None, two_towns)
    assert isinstance(result, Clarification)
    fields = {
        rule.field
        for option in result.options
        for _, rule in option.rules.walk()
        if isinstance(rule, Attribute)
    }
    assert fields == {"moviegoers.home_town", "moviegoers.home_cinema"}


def test_a_correction_moves_a_value_to_the_column_it_now_names(two_towns: Catalog) -> None:
    result = converse(two_towns, "members who live in Hull", "no, I meant registered at Hull")
    assert isinstance(result, Proposal)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.home_cinema", op=Op.EQ, value="Hull"),
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "clients qui ont acheté au magasin de Lyon",
        "customers who bought at the store of Lyon",
    ],
)
def test_a_value_noun_naming_the_next_value_is_not_a_value_of_its_own(
    request_text: str, catalog: Catalog
) -> None:
    """'au magasin de Lyon': 'magasin' is the store of the named city, not the in-store
    channel; 'en magasin à Lyon' keeps both."""
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert {condition.field for condition in behavior.filters} == {"store_city"}


def test_a_value_noun_joined_by_a_place_word_stays_a_value(catalog: Catalog) -> None:
    (behavior,) = behaviors(propose("clients qui ont acheté en magasin à Lyon", catalog).rules)
    assert {condition.field for condition in behavior.filters} == {"channel", "store_city"}


@pytest.mark.parametrize(
    "request_text", ["cards attached to Arras", "cartes rattachées au magasin d'Arras"]
)
def test_a_word_naming_the_people_is_not_an_event_value(
    request_text: str, grocery: Catalog
) -> None:
    """'cards' is the loyalty card (the profile's key) before it is a way to pay."""
    assert _attributes(request_text, grocery) == (
        Attribute(field="cardholders.home_store", op=Op.EQ, value="Arras"),
    )


def test_the_same_word_after_a_verb_is_the_value(grocery: Catalog) -> None:
    (behavior,) = behaviors(propose("cardholders who paid by card", grocery).rules)
    assert [condition.value for condition in behavior.filters] == ["card"]


@pytest.mark.parametrize(
    "request_text", ["porteurs joignables par email", "cardholders reachable by email"]
)
def test_a_channel_inside_an_event_value_phrase_is_reached_after_a_reach_cue(
    request_text: str, grocery: Catalog
) -> None:
    """'par email' is also how a coupon was sent; after 'joignables' it is the channel."""
    result = propose(request_text, grocery)
    assert result.rules.channel == "email"
    assert not behaviors(result.rules)
