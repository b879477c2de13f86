"""Widenings keep the conditions they do not touch — which needs the first turn read whole: a
condition lost at the first turn is lost for every follow-up. 'Contacted us' / 'nous ont
contactés' is a care contact (not a bill's renewal because the reason is 'a bill'), so 'add those
who got in touch by chat too' widens the contact's channel and keeps its reason and window."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse


def _one(result: object) -> Behavior:
    assert isinstance(result, Proposal), result
    (behavior,) = behaviors(result.rules)
    return behavior


@pytest.mark.parametrize(
    ("first", "widening"),
    [
        (
            "customers who contacted us by phone about a bill in the last 2 months",
            "add those who got in touch by chat too",
        ),
        (
            "clients qui nous ont contactés par téléphone pour une facture ces 2 derniers mois",
            "ajoute aussi ceux passés par le chat",
        ),
    ],
)
def test_a_widened_channel_keeps_the_reason_and_the_window(
    first: str, widening: str, telecom: Catalog
) -> None:
    contact = _one(converse(telecom, first, widening))
    assert contact.event == "care_contacts"
    assert Condition(field="channel", op=Op.IN, value=["phone", "chat"]) in contact.filters
    assert Condition(field="reason", op=Op.EQ, value="billing") in contact.filters
    assert contact.window is not None and contact.window.amount == 2
