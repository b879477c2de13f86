"""A catalog phrase 'noun participle' is also read when the request puts an auxiliary between
its words, as every language says it in a sentence ('the payment was declined', 'le paiement a
été rejeté'); the auxiliary is the language pack's, never any word."""

from __future__ import annotations

import pytest

from assistant.language import all_packs, load_pack
from assistant.offline.lexicon import build_lexicon
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import behaviors, propose


@pytest.fixture(scope="module")
def payments(cinema: Catalog) -> Catalog:
    """The cinema catalog whose bookings record whether their payment went through."""
    bookings = cinema.table("bookings")
    payment = Column(
        name="payment",
        type=ColumnType.STRING,
        description="Whether the booking's card payment went through.",
        allowed_values=("accepted", "declined"),
        value_synonyms={
            "accepted": ("payment accepted", "paiement accepté", "Zahlung akzeptiert"),
            "declined": ("payment declined", "paiement rejeté", "Zahlung abgelehnt"),
        },
    )
    changed = bookings.model_copy(
        update={
            "columns": (*bookings.columns, payment),
            "dimensions": (*bookings.dimensions, payment.name),
        }
    )
    tables = tuple(changed if t.name == bookings.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def _payments(request: str, catalog: Catalog) -> list[str]:
    found = behaviors(propose(request, catalog).rules)
    return [str(f.value) for b in found for f in b.filters if f.field == "payment"]


@pytest.mark.parametrize(
    ("request_text", "value"),
    [
        ("members whose payment was declined", "declined"),
        ("members whose payment has been declined", "declined"),
        ("membres dont le paiement a été rejeté", "declined"),
        ("membres dont le paiement est accepté", "accepted"),
        ("Mitglieder, deren Zahlung abgelehnt wurde", "declined"),
        ("Mitglieder, deren Zahlung akzeptiert ist", "accepted"),
    ],
)
def test_an_auxiliary_between_noun_and_participle_keeps_the_phrase(
    request_text: str, value: str, payments: Catalog
) -> None:
    assert _payments(request_text, payments) == [value]


def test_only_an_auxiliary_joins_the_phrase(payments: Catalog) -> None:
    """'payment quickly declined': 'quickly' is no auxiliary, the words are not one phrase."""
    lexicon, english = build_lexicon(payments, all_packs()), load_pack("en")
    assert lexicon.lookup(["payment", "was", "declined"], 0, english)[0] == 3
    assert lexicon.lookup(["payment", "quickly", "declined"], 0, english)[0] != 3
