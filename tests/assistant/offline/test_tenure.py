"""Tenure (issue 12): how long people have been customers — 'with us for at least 3 years',
'chez nous depuis plus de 2 ans', 'seit mindestens 5 Jahren bei uns' — bounds the date the
catalog names as when each profile joined (``profile.since``), in whole days (docs/time.md).

The cinema catalog's data date is 2026-06-15; its members' join date is ``joined_on``.
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose

JOINED = "moviegoers.joined_on"


@pytest.fixture(scope="module")
def club(cinema: Catalog) -> Catalog:
    """The cinema catalog with its join date named as the profile's ``since``."""
    return cinema.model_copy(
        update={"profile": cinema.profile.model_copy(update={"since": "joined_on"})}
    )


def _joined(result: Proposal | object) -> list[tuple[Op, object, object]]:
    if not isinstance(result, Proposal):
        return []
    return [
        (node.op, node.value, node.unit and node.unit.value)
        for _, node in result.rules.walk()
        if isinstance(node, Attribute) and node.field == JOINED
    ]


@pytest.mark.parametrize(
    ("request_text", "op", "day"),
    [
        ("members who have been with us for at least 3 years", Op.LTE, "2023-06-15"),
        ("members with us 4 years or more", Op.LTE, "2022-06-15"),
        ("membres chez nous depuis plus de 2 ans", Op.LT, "2024-06-15"),
        ("Mitglieder, die seit mindestens 5 Jahren bei uns sind", Op.LTE, "2021-06-15"),
        ("Mitglieder, die seit über 6 Jahren dabei sind", Op.LT, "2020-06-15"),
    ],
)
def test_a_length_as_a_customer_bounds_the_join_date(
    request_text: str, op: Op, day: str, club: Catalog
) -> None:
    result = propose(request_text, club)
    assert _joined(result) == [(op, day, None)]
    assert not result.notices


@pytest.mark.parametrize(
    "request_text",
    [
        "members who have been with us for less than 2 years",
        "membres chez nous depuis moins de 2 ans",
        "Mitglieder, die seit weniger als 2 Jahren dabei sind",
    ],
)
def test_less_than_a_length_is_a_recent_join(request_text: str, club: Catalog) -> None:
    """Joined within the last 2 years, the day exactly 2 years back included (the writers'
    conventions differ on that one day; this reading is the one most of them wrote)."""
    assert _joined(propose(request_text, club)) == [(Op.WITHIN_LAST, 2, "year")]


@pytest.mark.parametrize(
    ("request_text", "day"),
    [
        ("members with us for 3+ years", "2023-06-15"),
        ("membres chez nous depuis 4+ ans", "2022-06-15"),
        ("Mitglieder seit mind. 5 Jahren bei uns", "2021-06-15"),
    ],
)
def test_a_comparison_glued_or_shortened_bounds_the_join_date(
    request_text: str, day: str, club: Catalog
) -> None:
    assert _joined(propose(request_text, club)) == [(Op.LTE, day, None)]


@pytest.mark.parametrize(
    "request_text",
    [
        "members who have been with us since before 2019",
        "membres chez nous depuis avant 2019",
        "Mitglieder seit vor 2019",
    ],
)
def test_since_before_a_year_is_a_join_before_it(request_text: str, club: Catalog) -> None:
    assert _joined(propose(request_text, club)) == [(Op.LT, "2019-01-01", None)]


@pytest.mark.parametrize(
    "request_text",
    [
        "Mitglieder, die seit 2 Jahren nicht mehr bei uns waren",  # negated: an absence
        "members who booked with us in the last 2 years",  # an event takes the time
        # 'with us' right after the verb says where they did it, not how long they are members
        "members who haven't visited with us in over 6 months",
        "members who have not booked with us for more than a year",
        "membres qui n'ont pas réservé chez nous depuis plus d'un an",
    ],
)
def test_a_length_about_something_else_is_no_tenure(request_text: str, club: Catalog) -> None:
    assert _joined(PLANNER.plan(request_text, None, club)) == []


def test_without_a_join_date_named_tenure_is_reported_not_guessed(cinema: Catalog) -> None:
    result = PLANNER.plan("members who have been with us for at least 3 years", None, cinema)
    assert _joined(result) == []
    assert not isinstance(result, Proposal) or result.notices


@pytest.mark.parametrize(
    "request_text",
    [
        "members celebrating 3 years with us in August",
        "membres qui fêtent leurs 3 ans d'adhésion en août",
        "Mitglieder, die im August 3 Jahre Mitgliedschaft feiern",
    ],
)
def test_celebrating_n_years_in_a_month_is_joining_in_that_month_n_years_before(
    request_text: str, club: Catalog
) -> None:
    result = propose(request_text, club)
    assert _joined(result) == [(Op.BETWEEN, ("2023-08-01", "2023-08-31"), None)]
    assert not result.notices
