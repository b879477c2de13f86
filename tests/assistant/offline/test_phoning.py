"""Verbs of phoning ('called customer service', 'who phoned support', 'ont appelé le service
client', 'beim Kundenservice angerufen') are a contact through the catalog's phone value; a
generic 'contacted' stays any channel; a catalog with no phone value gives the verbs no
reading."""

from __future__ import annotations

import pytest

from assistant import Proposal
from assistant.language import pack_for
from assistant.offline.lexicon import lexicon_for
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import propose

PHONE = Condition(field="channel", op=Op.EQ, value="phone")


def _contact(result: Proposal) -> Behavior:
    (behavior,) = result.rules.root.rules
    assert isinstance(behavior, Behavior) and behavior.event == "care_contacts", result.rules
    return behavior


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who called customer service in the last 30 days",
        "who phoned support last month",
        "customers who rang customer care about billing",
        "clients qui ont appelé le service client ces 30 derniers jours",
        "clients qui ont téléphoné au SAV le mois dernier",
        "clients ayant téléphoné au SAV en janvier",
        "Kunden, die in den letzten 30 Tagen beim Kundenservice angerufen haben",
        "Kunden, die letzten Monat den Kundendienst angerufen haben",
    ],
)
def test_phoning_is_a_contact_by_phone(request_text: str, telecom: Catalog) -> None:
    behavior = _contact(propose(request_text, telecom))
    assert PHONE in behavior.filters
    assert all(c.field != "reason" or c.value != "device" for c in behavior.filters)


@pytest.mark.parametrize(
    "request_text",
    ["clients qui ont contacté le SAV ces 30 derniers jours"],
)
def test_contacted_stays_any_channel(request_text: str, telecom: Catalog) -> None:
    behavior = _contact(propose(request_text, telecom))
    assert all(c.field != "channel" for c in behavior.filters)


@pytest.mark.parametrize(
    ("lang", "verb"), [("en", "phoned"), ("fr", "ayant téléphoné"), ("de", "angerufen")]
)
def test_only_the_phone_value_is_read(
    lang: str, verb: str, catalog: Catalog, telecom: Catalog
) -> None:
    """In the telecom catalog the verb is the contact channel 'phone' alone (not the 'device'
    reason whose synonym is 'téléphone', nor the 'mobile' screen); the demo retailer's catalog
    names no phone value: the verb reads as nothing of it."""
    words = tuple(pack_for(lang).tokens(verb))
    found = lexicon_for(telecom).entries.match(words, 0)
    assert found is not None
    assert {(s.table, s.column, s.value) for s in found[1]} == {
        ("care_contacts", "channel", "phone")
    }
    assert lexicon_for(catalog).entries.match(words, 0) is None
