"""German inflects an adjective before its noun ('eine offene Rechnung', 'mit offenen
Rechnungen', 'offener Rechnung'): a catalog phrase written in one form is found in every form
(the pack's ``adjective_endings``); a language that does not inflect them is unchanged."""

from __future__ import annotations

import pytest

from assistant.language import load_pack, tokenize
from assistant.offline.lexicon import SenseKind, build_lexicon
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.fixture(scope="module")
def german_screens(cinema: Catalog) -> Catalog:
    """The cinema catalog whose IMAX screen is also called 'große Leinwand'."""
    visits = cinema.table("visits")
    columns = tuple(
        c.model_copy(update={"value_synonyms": {"imax": ("IMAX", "große Leinwand")}})
        if c.name == "screen"
        else c
        for c in visits.columns
    )
    changed = visits.model_copy(update={"columns": columns})
    tables = tuple(changed if t.name == visits.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


@pytest.mark.parametrize(
    "said", ["große Leinwand", "großen Leinwand", "großer Leinwand", "großes Leinwand"]
)
def test_every_inflection_of_the_adjective_finds_the_phrase(
    said: str, german_screens: Catalog
) -> None:
    pack = load_pack("de")
    lexicon = build_lexicon(german_screens, [pack])
    words = [lexicon.normalise(t.text, pack)[0][1] for t in tokenize(said, pack.morphology)]
    length, senses = lexicon.lookup(words, 0, pack)
    assert length == 2
    assert [(s.kind, s.column, s.value) for s in senses] == [
        (SenseKind.EVENT_VALUE, "screen", "imax")
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "Kunden mit einer fehlgeschlagenen Zahlung im Januar",
        "Kunden mit fehlgeschlagenen Zahlungen im Januar",
        "Kunden mit fehlgeschlagener Zahlung im Januar",
    ],
)
def test_a_failed_payment_in_any_german_form(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "renewals"
    assert Condition(field="status", op=Op.EQ, value="payment_failed") in rule.filters
