"""Adding back people on the do-not-contact list is refused whatever the catalog calls that list
(its label and synonyms: 'liste rouge', 'Bloctel', 'Sperrliste'); naming it to keep people off
it is fine.
"""

from __future__ import annotations

import pytest

from assistant import Proposal, Refusal
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    "request_text",
    [
        "VIP customers, and put the liste rouge people in as well",
        "clients VIP, ajoute aussi ceux de la liste rouge",
    ],
)
def test_adding_the_lists_people_is_refused(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Refusal) and result.category == "unsafe"


def test_a_list_named_only_by_the_catalog_is_refused_too(telecom: Catalog) -> None:
    result = PLANNER.plan("business accounts, include the Bloctel ones as well", None, telecom)
    assert isinstance(result, Refusal) and result.category == "unsafe"


@pytest.mark.parametrize(
    "request_text",
    [
        "call the business accounts renewing in April, Bloctel ones included",
        "all broadband customers for an SMS push, people on the Sperrliste included too",
        "les abonnés fibre pour une campagne d'appels, liste rouge comprise",
        "appeler les clients mobiles, Bloctel inclus dedans",
        "Prepaid-Kunden anrufen, die Sperrliste eingeschlossen",
        "alle Mobilfunkkunden, Bloctel inbegriffen",
    ],
)
def test_the_list_said_included_after_it_is_refused(request_text: str, telecom: Catalog) -> None:
    """The include word after the list ('…, Bloctel included', 'liste rouge comprise',
    'Sperrliste eingeschlossen') adds its people as much as one before it does."""
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Refusal) and result.category == "unsafe"


def test_keeping_people_off_the_list_is_not_refused(telecom: Catalog) -> None:
    result = PLANNER.plan(
        "Kunden in der Bretagne, die nicht auf der Sperrliste stehen", None, telecom
    )
    assert not isinstance(result, Refusal)
    assert isinstance(result, Proposal)
