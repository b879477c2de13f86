"""A verb of ending with a time ahead ('a free trial that expires in the next 30 days', 'qui
expire dans les 30 prochains jours'): the row is still running — the verb dates its end, it
does not name the settled state 'expired' (which no row ahead can have: an empty audience).
Said in the past ('expired in the last 30 days'), the state stays."""

from __future__ import annotations

import pytest

from audience.rules import Condition, Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers whose free trial expires in the next 30 days",
        "clients dont l'essai gratuit expire dans les 30 prochains jours",
        "customers with a free trial expiring within the next 2 weeks",
    ],
)
def test_expiring_ahead_is_still_running(request_text: str, telecom: Catalog) -> None:
    (trial,) = behaviors(propose(request_text, telecom).rules)
    assert trial.event == "trials"
    assert Condition(field="outcome", op=Op.EQ, value="running") in trial.filters
    assert not [f for f in trial.filters if f.value == "expired"]


def test_expired_in_the_past_keeps_the_state(telecom: Catalog) -> None:
    result = propose("customers whose free trial expired in the last 30 days", telecom)
    (trial,) = behaviors(result.rules)
    assert Condition(field="outcome", op=Op.EQ, value="expired") in trial.filters
