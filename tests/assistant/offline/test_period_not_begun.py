"""'this month' read on the month's first day at 00:00: the calendar period so far holds no
data yet. The proposal keeps that empty window, says so, and its count of 0 is flagged — it is
never a validator error. A period that began before the data's instant is read as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from audience.validate import validate_rules
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


def _on(catalog: Catalog, instant: datetime) -> Catalog:
    return catalog.model_copy(update={"as_of": instant})


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who opened an email this month",
        "clients qui ont commandé ce mois-ci",
        "Kunden, die diesen Monat bestellt haben",
    ],
)
def test_this_month_on_its_first_midnight_is_an_empty_stated_window(
    request_text: str, catalog: Catalog
) -> None:
    monday = _on(catalog, datetime(2026, 10, 1, tzinfo=UTC))
    result = propose(request_text, monday)
    assert [i.code for i in validate_rules(result.rules, monday) if i.is_error] == []
    (behavior,) = behaviors(result.rules)
    assert behavior.window is not None and str(behavior.window.start) == "2026-10-01"
    assert any("2026-10-01" in note for note in result.assumptions)


@pytest.mark.parametrize(
    "request_text",
    ["customers who ordered this week", "clients qui ont commandé cette semaine"],
)
def test_this_week_on_monday_midnight_is_an_empty_stated_window(
    request_text: str, catalog: Catalog
) -> None:
    monday = _on(catalog, datetime(2026, 10, 5, tzinfo=UTC))
    result = propose(request_text, monday)
    assert [i.code for i in validate_rules(result.rules, monday) if i.is_error] == []
    assert any("2026-10-05" in note for note in result.assumptions)


def test_a_period_begun_before_the_data_says_nothing_more(catalog: Catalog) -> None:
    later = _on(catalog, datetime(2026, 10, 8, tzinfo=UTC))
    result = propose("customers who ordered this week", later)
    assert not any("2026-10-08" in note for note in result.assumptions)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who ordered today",
        "clients qui ont commandé aujourd'hui",
        "Kunden, die heute bestellt haben",
    ],
)
def test_today_read_at_midnight_says_it_is_the_day_before(
    request_text: str, catalog: Catalog
) -> None:
    midnight = _on(catalog, datetime(2026, 10, 1, tzinfo=UTC))
    assert any("2026-09-30" in note for note in propose(request_text, midnight).assumptions)
    noon = _on(catalog, datetime(2026, 10, 1, 12, tzinfo=UTC))
    assert not any("2026-09-30" in note for note in propose(request_text, noon).assumptions)
