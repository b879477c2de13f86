"""A quarter exists only on the calendar: 'in the last quarter', 'im letzten Quartal', 'au cours
du dernier trimestre' is the previous calendar quarter, stated as such (the notice names the
rolling phrasing), like a bare 'last quarter'; counted months stay rolling."""

from __future__ import annotations

import pytest

from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who ordered in the last quarter",
        "clients qui ont commandé au cours du dernier trimestre",
        "Kunden, die im letzten Quartal bestellt haben",
    ],
)
def test_the_last_quarter_is_the_calendar_quarter_stated(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    (order,) = behaviors(proposal.rules)
    assert order.window is not None and order.window.type is WindowKind.BETWEEN
    assert order.window.start is not None and order.window.start.month in {1, 4, 7, 10}
    assert proposal.assumptions


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who ordered in the last 3 months",
        "Kunden, die in den letzten 3 Monaten bestellt haben",
    ],
)
def test_counted_months_stay_rolling(request_text: str, catalog: Catalog) -> None:
    (order,) = behaviors(propose(request_text, catalog).rules)
    assert order.window is not None and order.window.type is WindowKind.LAST
