"""Ways of saying a lapse: a vague length of absence ('no order for a while', 'depuis un moment',
'seit einer Weile') takes the default recency window and says so, never an absence over all
time; 'no longer' / 'plus' (without 'ne') / 'nicht mehr' before or after a period negate it, so
'did X, but no longer since <date>' is one then and none since; 'früher' / 'autrefois' (used to)
are no condition of their own."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with no order for a while",
        "customers who haven't bought anything in a long time",
        "clients qui n'ont pas commandé depuis un moment",
        "clients sans achat depuis longtemps",
        "Kunden, die seit einer Weile nichts bestellt haben",
    ],
)
def test_a_vague_absence_takes_the_stated_default_window(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    (orders,) = behaviors(proposal.rules)
    assert orders.negate and orders.window is not None
    assert orders.window.type is WindowKind.LAST
    assert len(proposal.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "clients qui ont acheté des chaussures mais plus depuis mars",
        "customers who bought shoes but no longer since March",
        "Kunden, die Schuhe gekauft haben, aber nicht mehr seit März",
    ],
)
def test_no_longer_since_a_date_is_a_lapse(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    bought, lapsed = behaviors(proposal.rules)
    assert (bought.negate, lapsed.negate) == (False, True)
    assert bought.filters == lapsed.filters and bought.filters
    assert lapsed.window is not None and lapsed.window.start == date(2026, 3, 1)
    assert not proposal.notices


def test_no_longer_on_a_care_channel(telecom: Catalog) -> None:
    proposal = propose(
        "clients qui ont déjà appelé le SAV par téléphone mais plus depuis janvier", telecom
    )
    called, lapsed = behaviors(proposal.rules)
    assert (called.negate, lapsed.negate) == (False, True)
    assert [(c.field, c.value) for c in lapsed.filters] == [("channel", "phone")]


@pytest.mark.parametrize(
    "request_text",
    [
        "Kunden, die seit über 90 Tagen nicht mehr eingekauft haben",
        "Kunden, die früher Schuhe gekauft haben, aber seit 6 Monaten nicht mehr",
    ],
)
def test_nicht_mehr_and_frueher_leave_no_word_over(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    assert [c.phrase for c in proposal.coverage if c.rule_path is None] == []
    assert any(b.negate for b in behaviors(proposal.rules))


def test_more_than_is_still_a_comparison(catalog: Catalog) -> None:
    (orders,) = behaviors(propose("clients qui ont acheté plus de 3 fois", catalog).rules)
    assert not orders.negate and orders.aggregate is not None and orders.aggregate.value == 3


@pytest.mark.parametrize(
    "request_text",
    [
        "dormant customers: no order in the last 6 months",
        "clients dormants : aucune commande depuis 6 mois",
        "ruhende Kunden: keine Bestellung in den letzten 6 Monaten",
    ],
)
def test_a_lapse_word_on_an_absence_keeps_only_past_buyers(
    request_text: str, catalog: Catalog
) -> None:
    """'dormant' says they ordered before: one ever, none within the window (never-buyers out)."""
    ordered, lapsed = behaviors(propose(request_text, catalog).rules)
    assert (ordered.negate, ordered.window) == (False, None)
    assert lapsed.negate and lapsed.window is not None and lapsed.window.amount == 6


def test_a_lapse_word_read_as_a_value_joins_the_repeated_lapse(grocery: Catalog) -> None:
    """'lapsed' is also a coupon state; with the lapse stated, no coupon rule is made."""
    proposal = propose("lapsed wine buyers, no wine purchase in 6 months", grocery)
    assert "coupons" not in {b.event for b in behaviors(proposal.rules)}
    assert proposal.assumptions


def test_a_lapse_word_on_a_last_seen_date_keeps_its_column() -> None:
    """On an app's last-opened date the negated window already leaves out empty dates."""
    from schema_catalog import load_catalog

    proposal = propose("dormant app users - havent opened the app in 10 weeks", load_catalog())
    assert behaviors(proposal.rules) == []
