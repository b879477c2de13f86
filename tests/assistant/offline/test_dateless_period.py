"""A period said of a state the catalog keeps no date for ('unlimited customers from last
year'): today's plan has no date, so the period cannot apply to it; the planner asks between
today's plan and the dated events that record the plan (a change to it, a renewal of it), each
with the period — it never drops the period and answers with today's plan alone."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "unlimited customers from last year",
        "accounts on the Plus 100 plan in 2025",
        "everyone on unlimited over the last 6 months",
        "les abonnés au forfait famille de l'an dernier",
        "clients Plus 100 sur les 6 derniers mois",
        "Kunden im Unlimited-Tarif letzten Sommer",
        "Familientarif-Kunden aus dem letzten Jahr",
    ],
)
def test_a_period_on_todays_plan_is_asked(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification), result
    trees = [option.rules for option in result.options if option.rules is not None]
    nodes = [node for tree in trees for _, node in tree.walk()]
    today = [n for n in nodes if isinstance(n, Attribute) and n.field == "accounts.current_plan"]
    changes = [n for n in nodes if isinstance(n, Behavior) and n.event == "plan_changes"]
    assert today, "today's plan is one of the readings"
    assert changes and all(change.window is not None for change in changes)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers on unlimited who joined last year",
        "Kunden im Unlimited-Tarif, die letztes Jahr Kunde geworden sind",
        "customers who upgraded to unlimited last year",
    ],
)
def test_a_period_with_its_own_date_is_not_asked(request_text: str, telecom: Catalog) -> None:
    result = propose(request_text, telecom)
    assert not result.dropped_phrases


def test_a_value_no_event_records_keeps_its_flag(telecom: Catalog) -> None:
    """Contract types are recorded by no dated event: nothing to offer, the period is reported."""
    result = PLANNER.plan("prepaid customers from last year", None, telecom)
    assert isinstance(result, Proposal)
    assert result.dropped_phrases
