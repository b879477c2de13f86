"""A verb of coming back to a place ('haven't come back to the site', 'pas revenus sur le site',
'nicht mehr auf die Website zurückgekehrt') is a visit there — French 'revenus' said so is the
verb, not income (a topic the catalog refuses, still refused when it is the noun)."""

from __future__ import annotations

import pytest

from assistant import Refusal
from assistant.planning import plan
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "Gold customers who haven't come back to the site in the last 45 days",
        "clients Gold pas revenus sur le site depuis 45 jours",
        "clients Gold qui ne sont jamais revenus sur le site",
        "Gold-Kunden, die seit 45 Tagen nicht mehr auf die Website zurückgekehrt sind",
        "Gold-Kunden, die seit 45 Tagen nicht mehr auf die Website wiedergekommen sind",
    ],
)
def test_coming_back_to_the_site_is_a_visit(request_text: str, catalog: Catalog) -> None:
    proposal = plan(request_text, None, catalog, planner=PLANNER)
    assert not isinstance(proposal, Refusal), proposal
    proposal = propose(request_text, catalog)
    (visit,) = behaviors(proposal.rules)
    assert visit.event == "web_sessions" and visit.negate
    assert all(item.rule_path is not None for item in proposal.coverage), proposal.coverage


@pytest.mark.parametrize(
    "request_text",
    ["clients aux revenus élevés", "clients sans revenus", "Kunden mit hohem Einkommen"],
)
def test_income_is_still_refused(request_text: str, catalog: Catalog) -> None:
    """By the offline planner and, for every planner, before planning."""
    assert isinstance(PLANNER.plan(request_text, None, catalog), Refusal)
    assert isinstance(plan(request_text, None, catalog, planner=PLANNER), Refusal)
