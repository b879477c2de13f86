"""Removing a condition (issue 12, pattern 7): a follow-up names the rule by any word of its
field, in English, French or German (compounds included); with no audience yet, a removal is a
question — never a proposal of the very condition the user asked to remove.
"""

from __future__ import annotations

import pytest

from assistant import Clarification, Conversation, Proposal
from assistant.language import load_pack
from assistant.offline.lexicon import lexicon_for
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import PLANNER, converse


@pytest.mark.parametrize(
    "request_text",
    [
        "remove the platinum condition",
        "drop the town part",
        "enlève la condition sur la ville",
        "jetzt die Bedingung mit York weglassen",
    ],
)
def test_a_removal_with_no_audience_yet_asks(request_text: str, cinema: Catalog) -> None:
    result = PLANNER.plan(request_text, Conversation(), cinema)
    assert isinstance(result, Clarification) and not result.options


def test_a_removal_names_the_rule_by_a_word_of_its_column(cinema: Catalog) -> None:
    # 'club' is no catalog phrase of its own: a word of the column 'club_level'.
    result = converse(cinema, "silver members living in York", "drop the club criterion")
    assert isinstance(result, Proposal)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.home_town", op="eq", value="York"),
    )


def test_german_compounds_split_into_known_words(grocery: Catalog) -> None:
    lexicon = lexicon_for(grocery)
    german, english = load_pack("de"), load_pack("en")
    assert [form for form, _ in lexicon.normalise("kartenbedingung", german)] == [
        "karte",
        "bedingung",
    ]
    assert len(lexicon.normalise("kartenbedingung", english)) == 1


def test_a_correction_replaces_the_value_of_the_slot_it_corrects(cinema: Catalog) -> None:
    result = converse(cinema, "members who visited the imax in May", "no, open air")
    assert isinstance(result, Proposal)
    (visit,) = result.rules.root.rules
    assert [(c.field, c.value) for c in visit.filters] == [("screen", "outdoor")]  # type: ignore[union-attr]
    assert visit.window is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "removal"),
    [
        ("members who visited the imax in York", "remove the imax criterion"),
        ("membres qui sont allés à l'imax à York", "enlève le critère imax"),
        ("Mitglieder, die im Imax in York waren", "nimm das Imax-Kriterium raus"),
    ],
)
def test_removing_a_value_of_a_behaviour_keeps_the_behaviour(
    first: str, removal: str, cinema: Catalog
) -> None:
    """Only the named filter goes: the visits in York stay (not the whole visit rule)."""
    result = converse(cinema, first, removal)
    assert isinstance(result, Proposal)
    (visit,) = result.rules.root.rules
    assert isinstance(visit, Behavior) and visit.event == "visits"
    assert [(c.field, c.value) for c in visit.filters] == [("cinema_town", "York")]


def test_removing_one_value_of_a_list_keeps_the_others(cinema: Catalog) -> None:
    result = converse(cinema, "silver members living in York or Hull", "remove York")
    assert isinstance(result, Proposal)
    assert Attribute(field="moviegoers.home_town", op="eq", value="Hull") in result.rules.root.rules
    assert len(result.rules.root.rules) == 2


def test_a_word_naming_two_rules_asks_which_goes(cinema: Catalog) -> None:
    """'remove York' with a home town and a cinema town both York: each option removes one."""
    result = converse(cinema, "members living in York who visited the imax in York", "remove York")
    assert isinstance(result, Clarification)
    kinds = [
        sorted(type(node).__name__ for node in option.rules.root.rules) for option in result.options
    ]
    assert kinds == [["Behavior"], ["Attribute", "Behavior"]]
