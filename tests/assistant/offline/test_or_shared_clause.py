"""'A or B who did X': when the first alternative has no clause of its own and the last does not
start a new group of people, the closing clause is said of both — and the proposal says so,
since a reader could also take it for the last alternative only (issue 12). A plural people
noun of the language that is also a catalog column's word, followed by a number ('households
of 5'), is that column, not the people."""

from __future__ import annotations

import pytest

from assistant.language import load_pack
from audience.rules import Attribute, Behavior, Group, Op
from schema_catalog import Catalog
from tests.support.planning import propose

BOOKED_IN_MAY = {
    "en": "booked a screening in May",
    "fr": "ont réservé en mai",
    "de": "die im Mai gebucht haben",
}


@pytest.mark.parametrize(
    ("request_text", "language"),
    [
        ("platinum members or households of at least 5 who booked a screening in May", "en"),
        ("membres platinum ou habitant à York qui ont réservé en mai", "fr"),
        ("Platinum-Mitglieder oder Wohnort York, die im Mai gebucht haben", "de"),
    ],
)
def test_a_closing_clause_is_said_of_both_alternatives(
    request_text: str, language: str, cinema: Catalog
) -> None:
    proposal = propose(request_text, cinema)
    either, booked = proposal.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    assert all(isinstance(rule, Attribute) for rule in either.rules)
    assert isinstance(booked, Behavior) and booked.event == "bookings"
    said = load_pack(language).say("assume_clause_shared", phrase=BOOKED_IN_MAY[language])
    assert said in proposal.assumptions


def test_a_number_after_a_plural_column_word_is_that_column(cinema: Catalog) -> None:
    proposal = propose("households of 4 or more in York", cinema)
    fields = {
        (r.field, r.op, r.value) for r in proposal.rules.root.rules if isinstance(r, Attribute)
    }
    assert ("moviegoers.household_size", Op.GTE, 4) in fields


def test_a_plural_people_noun_without_a_number_stays_the_people(cinema: Catalog) -> None:
    proposal = propose("households in York", cinema)
    assert [r.field for r in proposal.rules.root.rules] == ["moviegoers.home_town"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "request_text",
    [
        "silver members, or platinum members who booked a screening in May",
        "platinum members who visited in May or silver members who booked a screening in May",
    ],
)
def test_a_clause_of_its_own_alternative_stays_there(request_text: str, cinema: Catalog) -> None:
    proposal = propose(request_text, cinema)
    (either,) = proposal.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    assert isinstance(either.rules[1], Group)
    assert proposal.assumptions == ()
