"""A request to put people into a file ('into a spreadsheet', 'dans un tableur', 'als
Excel-Datei') asks for an export, whatever its verb: refused like 'export', since audiences leave
only after a reviewer approves them — never read as an audience of whoever has the fields
(issue 12)."""

from __future__ import annotations

import pytest

from assistant import Proposal, Refusal
from assistant.language import load_pack
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    ("request_text", "language"),
    [
        ("grab the members' emails and birthdays and drop them in a spreadsheet", "en"),
        ("put every Leeds member with their phone number into a CSV file for the printer", "en"),
        ("mets les adhérents de Leeds et leurs téléphones dans un fichier Excel", "fr"),
        ("alle Mitglieder aus Leeds mit Telefonnummer als CSV-Datei, bitte", "de"),
    ],
)
def test_a_file_of_people_is_an_export(request_text: str, language: str, cinema: Catalog) -> None:
    result = PLANNER.plan(request_text, None, cinema)
    assert isinstance(result, Refusal), result
    assert (result.category, result.language) == ("unsafe", language)
    assert result.reason == load_pack(language).say("unsafe_export")


def test_the_same_people_without_a_file_are_an_audience(cinema: Catalog) -> None:
    assert isinstance(PLANNER.plan("members in Leeds", None, cinema), Proposal)
