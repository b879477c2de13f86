"""Money spent is money paid: when the catalog names one state of an event's rows paid (a value
synonym 'paid' / 'payé' / 'bezahlt'), a sum or an average of a money measure counts only rows in
that state — a failed or refunded payment is no spend — unless the request picks a state of
that column itself."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_table
from tests.support.planning import behaviors, propose


@pytest.fixture(scope="module")
def paying(cinema: Catalog) -> Catalog:
    visits = cinema.table("visits")
    state = Column(
        name="payment_state",
        type=ColumnType.STRING,
        description="Whether the visit's tickets were paid or refunded.",
        allowed_values=("settled", "refunded"),
        value_synonyms={"settled": ("paid", "payé", "bezahlt"), "refunded": ("refunded",)},
    )
    return with_table(
        cinema,
        "visits",
        columns=(*visits.columns, state),
        dimensions=(*visits.dimensions, "payment_state"),
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "members who spent over £100 on tickets in the last 6 months",
        "membres qui ont dépensé plus de 100 £ en billets ces 6 derniers mois",
        "Mitglieder, die in den letzten 6 Monaten über 100 £ für Tickets ausgegeben haben",
    ],
)
def test_a_spend_counts_the_paid_rows_only(request_text: str, paying: Catalog) -> None:
    (visit,) = behaviors(propose(request_text, paying).rules)
    assert visit.aggregate.func is AggregateFunc.SUM
    assert [(c.field, c.value) for c in visit.filters] == [("payment_state", "settled")]


def test_a_state_the_request_names_is_kept(paying: Catalog) -> None:
    (visit,) = behaviors(propose("members with over £50 of refunded tickets", paying).rules)
    assert [(c.field, c.value) for c in visit.filters] == [("payment_state", "refunded")]


def test_a_catalog_without_a_paid_state_sums_every_row(cinema: Catalog) -> None:
    (visit,) = behaviors(propose("members who spent over £100 on tickets", cinema).rules)
    assert visit.filters == ()
