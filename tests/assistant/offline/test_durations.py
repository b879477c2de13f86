"""A length of time ('longer than 20 minutes', 'plus d'une demi-heure', 'mehr als 2 Stunden')
is compared with the measure the catalog marks as a duration (``unit: s / min / h``), converted
into that unit — never read as a count of events, nor as someone's age (issue 12: numbers
that are not counts)."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc, Behavior, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_table
from tests.support.planning import propose


@pytest.fixture(scope="module")
def timed(cinema: Catalog) -> Catalog:
    """The cinema catalog whose visits record the minutes the member stayed, in minutes."""
    visits = cinema.table("visits")
    stayed = Column(
        name="minutes_stayed",
        type=ColumnType.INTEGER,
        unit="min",
        label="Minutes stayed",
        description="How long the member stayed at the cinema, in minutes.",
    )
    return with_table(
        cinema,
        "visits",
        columns=(*visits.columns, stayed),
        measures=(*visits.measures, "minutes_stayed"),
    )


def _behaviour(request_text: str, catalog: Catalog) -> Behavior:
    rules = [r for r in propose(request_text, catalog).rules.root.rules if isinstance(r, Behavior)]
    assert len(rules) == 1, rules
    return rules[0]


@pytest.mark.parametrize(
    ("request_text", "op", "minutes"),
    [
        ("members with a visit longer than 3 hours in May", Op.GT, 180),
        ("members who stayed more than half an hour on a single visit in May", Op.GT, 30),
        ("membres qui sont restés plus de 2 heures lors d'une visite en mai", Op.GT, 120),
        ("Mitglieder mit einem Besuch von mehr als 90 Minuten im Mai", Op.GT, 90),
    ],
)
def test_a_length_of_time_is_compared_in_the_columns_unit(
    request_text: str, op: Op, minutes: int, timed: Catalog
) -> None:
    behaviour = _behaviour(request_text, timed)
    aggregate = behaviour.aggregate
    assert (behaviour.event, aggregate.measure) == ("visits", "minutes_stayed")
    assert (aggregate.op, aggregate.value) == (op, minutes)


def test_one_visit_of_a_length_takes_the_longest_visit(timed: Catalog) -> None:
    behaviour = _behaviour("members with a visit longer than 3 hours in May", timed)
    assert behaviour.aggregate.func is AggregateFunc.MAX


def test_a_length_of_time_is_never_a_count(cinema: Catalog) -> None:
    proposal = propose("members who visited for more than 3 hours in May", cinema)
    counts = [
        r
        for r in proposal.rules.root.rules
        if isinstance(r, Behavior) and r.aggregate.measure is None and r.aggregate.value == 3
    ]
    assert counts == [] and "3 hours" in " ".join(proposal.dropped_phrases)
