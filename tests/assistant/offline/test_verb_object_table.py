"""A verb two tables record ('opened': an email open, the app's last-opened date) is read on the
table its object names in the same clause ('die App … geöffnet', 'opened the mobile app'), or
that a pronoun points back to ('got the app but never opened it') — not asked about; with no
object ('app users who opened last week') the question stays."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import PLANNER


def _fields(result: Proposal) -> set[str]:
    return {
        node.field if isinstance(node, Attribute) else node.event
        for _, node in result.rules.walk()
        if isinstance(node, Attribute | Behavior)
    }


@pytest.mark.parametrize(
    "request_",
    [
        "iOS customers who have the app but haven't opened it for 3 months",
        "Kunden, die die App seit mehr als 90 Tagen nicht geöffnet haben",
        "Android-Nutzer, die die App letzte Woche geöffnet haben",
        "clients dont l'appli n'a pas été ouverte depuis 2 mois",
    ],
)
def test_the_object_picks_the_table(request_: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_, None, catalog)
    assert isinstance(result, Proposal), (request_, result)
    fields = _fields(result)
    assert "app_devices.last_opened_at" in fields
    assert "email_events" not in fields


@pytest.mark.parametrize(
    "request_",
    ["app users who opened in the last week", "App-Nutzer, die letzte Woche geöffnet haben"],
)
def test_no_object_still_asks(request_: str, catalog: Catalog) -> None:
    assert isinstance(PLANNER.plan(request_, None, catalog), Clarification)
