"""A number word shared by measures of two events ('minutes' of calls or of viewing, 'spent' on
visits or on bookings) is settled by a word of the sentence that names one of the measures
(issue 12, pattern 8): the reading is that measure, nothing to ask."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Behavior
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import PLANNER, propose


@pytest.fixture(scope="module")
def fees(cinema: Catalog) -> Catalog:
    """The cinema catalog whose bookings also carry what was spent on booking fees."""
    bookings = cinema.table("bookings")
    fee = Column(
        name="booking_fee",
        type=ColumnType.DECIMAL,
        description="Fee paid for the booking, in pounds.",
        synonyms=("spent", "booking fees", "fees"),
    )
    changed = bookings.model_copy(
        update={"columns": (*bookings.columns, fee), "measures": (*bookings.measures, fee.name)}
    )
    tables = tuple(changed if t.name == bookings.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def _measured(request: str, catalog: Catalog) -> tuple[str, str | None]:
    (rule,) = propose(request, catalog).rules.root.rules
    assert isinstance(rule, Behavior)
    return rule.event, rule.aggregate.measure if rule.aggregate else None


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("members who spent more than 30 on fees", ("bookings", "booking_fee")),
        ("members who spent more than 30 on snacks", ("visits", "snack_spend")),
    ],
)
def test_a_word_naming_one_measure_settles_the_shared_word(
    request_text: str, expected: tuple[str, str], fees: Catalog
) -> None:
    assert _measured(request_text, fees) == expected


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("subscribers with over 250 minutes of calls in December", "usage_monthly"),
        ("subscribers with over 250 minutes watched in December", "viewing"),
        ("abonnés avec plus de 250 minutes d'appels en décembre", "usage_monthly"),
    ],
)
def test_minutes_of_calls_are_not_minutes_watched(
    request_text: str, expected: str, telecom: Catalog
) -> None:
    assert _measured(request_text, telecom)[0] == expected


def test_the_shared_word_alone_still_asks(telecom: Catalog) -> None:
    result = PLANNER.plan("subscribers with over 250 minutes in December", None, telecom)
    assert isinstance(result, Clarification)


@pytest.mark.parametrize(
    "request_text",
    [
        "people who spent more than 10 days outside Europe last summer",
        "clients qui ont passé plus de 10 jours hors Europe l'été dernier",
        "Kunden, die letzten Sommer mehr als 10 Tage außerhalb Europas unterwegs waren",
    ],
)
def test_a_unit_word_of_a_measure_label_names_that_measure(
    request_text: str, telecom: Catalog
) -> None:
    """'10 days', '10 jours', '10 Tage': the word after the number is a word of one measure's
    label ('Days abroad', 'Jours à l'étranger', 'Tage im Ausland') — that measure, of that
    behaviour, not a count of rows nor the money 'spent'."""
    result = propose(request_text, telecom)
    (behavior,) = [node for _, node in result.rules.walk() if isinstance(node, Behavior)]
    assert behavior.event == "usage_monthly"
    assert behavior.aggregate.measure == "roaming_days"
    assert behavior.aggregate.value == 10
    assert {c.field for c in behavior.filters} == {"roaming_zone"}
