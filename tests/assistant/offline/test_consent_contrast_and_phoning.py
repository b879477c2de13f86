"""'opted in to SMS but not emails', 'opt-in SMS mais pas les emails': in a consent request the
channel after 'but not' is that channel's consent not given — even when its plural also names a
catalog table ('emails' of email events). And a verb of phoning said a few words after its
auxiliary ('ont déjà téléphoné', 'n'ont jamais téléphoné') is a phone contact, not the noun it
is spelled like ('téléphone', a device)."""

from __future__ import annotations

import pytest

from assistant import Refusal
from assistant.planning import plan
from audience.rules import Attribute, Behavior
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers opted in to SMS but not emails",
        "clients opt-in SMS mais pas les emails",
        "Kunden mit SMS-Einwilligung, aber nicht für E-Mails",
    ],
)
def test_but_not_a_channel_after_a_consent_is_its_consent(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    nodes = [node for _, node in proposal.rules.walk() if isinstance(node, Attribute)]
    flags = [(node.field, node.negate) for node in nodes]
    assert flags == [("consents.sms_optin", False), ("consents.email_optin", True)]
    assert not behaviors(proposal.rules)
    # With no channel of its own, an audience of people who refused email is no proposal.
    assert isinstance(plan(request_text, None, catalog, planner=PLANNER), Refusal)


@pytest.mark.parametrize(
    ("request_text", "negate"),
    [
        ("clients qui ont déjà téléphoné au service client", False),
        ("clients qui n'ont jamais téléphoné au service client", True),
        ("customers who have already phoned customer care", False),
        ("Kunden, die schon beim Kundenservice angerufen haben", False),
    ],
)
def test_a_verb_of_phoning_after_its_auxiliary_is_a_phone_contact(
    request_text: str, negate: bool, telecom: Catalog
) -> None:
    (contact,) = behaviors(propose(request_text, telecom).rules)
    assert isinstance(contact, Behavior) and contact.event == "care_contacts"
    assert [(c.field, c.value) for c in contact.filters] == [("channel", "phone")]
    assert contact.negate is negate
