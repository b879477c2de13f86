"""'came through the app', 'passés par l'appli', 'über die App': a channel said after 'through'
/ 'via' in a clause with no behaviour, when several events take that channel (a plan change
made in the app, a care contact through it), is asked about — every reading a complete option.
With the behaviour said ('changed plan via the app') it is that behaviour's channel."""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who came through the app channel",
        "customers who went through the app last month",
        "clients passés par l'appli le mois dernier",
        "Kunden, die letzten Monat über die App kamen",
    ],
)
def test_a_channel_after_via_with_no_behaviour_asks(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification), (request_text, result)
    events = {
        rule.event
        for option in result.options
        if option.rules
        for rule in option.rules.root.rules
        if isinstance(rule, Behavior)
    }
    assert {"care_contacts", "plan_changes"} <= events


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who changed plan through the app last month",
        "ceux qui ont changé de forfait via l'appli entre octobre et décembre",
    ],
)
def test_a_channel_after_via_with_its_behaviour_is_read(
    request_text: str, telecom: Catalog
) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    assert [rule.event for rule in rules if isinstance(rule, Behavior)] == ["plan_changes"]
