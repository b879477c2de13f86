"""A letter spelled out on a keyboard without it ('fuer', 'naechste', 'Maerz' for 'für',
'nächste', 'März') is read as the word with the letter: the same audience as written properly.
Words that are known as typed keep their own reading."""

from __future__ import annotations

import pytest

from assistant.language import pack_for
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "Kunden, die im Maerz bestellt haben, fuer eine SMS-Kampagne",
            "Kunden, die im März bestellt haben, für eine SMS-Kampagne",
        ),
        (
            "Kundinnen mit Geburtstag in den naechsten 2 Wochen",
            "Kundinnen mit Geburtstag in den nächsten 2 Wochen",
        ),
        (
            "Kunden, die seit ueber einem Jahr nichts gekauft haben",
            "Kunden, die seit über einem Jahr nichts gekauft haben",
        ),
    ],
)
def test_spelled_out_letters_read_as_the_letter(typed: str, written: str, catalog: Catalog) -> None:
    typed_tree, written_tree = propose(typed, catalog).rules, propose(written, catalog).rules
    assert written_tree.root.rules, "the properly written request must make rules"
    assert typed_tree.model_dump() == written_tree.model_dump()


def test_only_german_spells_out_umlauts() -> None:
    assert ("ue", "u") in pack_for("de").respellings
    assert not pack_for("en").respellings
