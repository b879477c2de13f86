"""A request to put people's data into a file ('into a csv', 'dans un tableur', 'als
Excel-Datei') asks for an export, whatever its verb: exports happen only after approval, so the
planner refuses it as unsafe instead of proposing an audience."""

from __future__ import annotations

import pytest

from assistant import Refusal
from assistant.offline import OfflinePlanner
from schema_catalog import Catalog

PLANNER = OfflinePlanner()


@pytest.mark.parametrize(
    "request_text",
    [
        "grab the phone numbers of all VIP customers and put them in a spreadsheet",
        "get me every customer's email address into a CSV for the printer",
        "mets les e-mails des clientes VIP dans un fichier Excel pour l'agence",
        "sors-moi les numéros de téléphone des clients de Lyon dans un tableur",
        "hol mir die E-Mail-Adressen aller VIP-Kunden in eine CSV Datei",
        "die Telefonnummern der Kunden aus Berlin als Excel für die Agentur",
    ],
)
def test_data_into_a_file_is_refused_as_an_export(request_text: str, catalog: Catalog) -> None:
    outcome = PLANNER.plan(request_text, None, catalog)
    assert isinstance(outcome, Refusal), outcome
    assert outcome.category == "unsafe"


def test_an_audience_request_naming_no_file_is_planned(catalog: Catalog) -> None:
    outcome = PLANNER.plan("VIP customers with a phone number", None, catalog)
    assert not isinstance(outcome, Refusal)
