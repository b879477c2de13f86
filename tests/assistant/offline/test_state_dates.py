"""A state said with a time dates that state's own column ('cancelled last year' is when it was
cancelled, not when it started); a state with no column of its own keeps the row's date."""

from __future__ import annotations

import pytest

from audience.rules import Behavior, Op
from schema_catalog import Catalog
from tests.support.planning import propose


def _subscription(request: str, telecom: Catalog) -> Behavior:
    (rule,) = propose(request, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "subscriptions"
    return rule


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts that cancelled their TV subscription in 2025",
        "comptes qui ont résilié leur abonnement TV en 2025",
        "Konten, die ihr TV-Abonnement letztes Jahr gekündigt haben",
    ],
)
def test_the_cancellation_is_dated_by_its_own_column(request_text: str, telecom: Catalog) -> None:
    rule = _subscription(request_text, telecom)
    dated = [f for f in rule.filters if f.field == "cancelled_on"]
    assert len(dated) == 1 and dated[0].op is Op.BETWEEN
    assert rule.window is None


def test_a_state_without_its_own_date_keeps_the_start(telecom: Catalog) -> None:
    rule = _subscription("accounts with a paused TV subscription started in 2025", telecom)
    assert all(f.field != "cancelled_on" for f in rule.filters)
    assert rule.window is not None
