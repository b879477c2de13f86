"""A bare verb that is both a value of one event ('opened': an email open) and a word of another
table's date ('opened the app', 'zuletzt geöffnet': the app's last-opened date), with nothing
naming either, is asked about — one option per reading — not read as the email silently."""

from __future__ import annotations

import pytest

from assistant import Clarification
from assistant.offline import OfflinePlanner
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import propose

PLANNER = OfflinePlanner()


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who opened in the last week",
        "people who opened since March",
        "Kunden, die in der letzten Woche geöffnet haben",
    ],
)
def test_a_bare_verb_of_two_readings_is_asked(request_text: str, catalog: Catalog) -> None:
    outcome = PLANNER.plan(request_text, None, catalog)
    assert isinstance(outcome, Clarification), outcome
    readings = [
        {type(rule).__name__: rule for rule in option.rules.root.rules}
        for option in outcome.options
    ]
    assert any(isinstance(r.get("Behavior"), Behavior) for r in readings)
    dated = [r.get("Attribute") for r in readings if isinstance(r.get("Attribute"), Attribute)]
    assert [rule.field for rule in dated] == ["app_devices.last_opened_at"]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who opened an email in the last week",
        "customers who opened the app in the last week",
    ],
)
def test_a_verb_with_its_object_is_read(request_text: str, catalog: Catalog) -> None:
    """The object names the reading: no question."""
    assert propose(request_text, catalog).rules.root.rules
