"""'A coupon worth over 10 €': the value of one coupon is over 10 — a per-row comparison (the
highest value above 10: at least one such coupon), not the sum of the coupons' values, also when
a grammar word stands between the article and the coupon's adjective ('einem noch gültigen
Gutschein'); 'in total' sums (en/fr/de)."""

from __future__ import annotations

import pytest

from audience.rules import AggregateFunc
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a still valid coupon worth over 10 €",
        "clients avec un bon encore valable d'une valeur de plus de 10 €",
        "Kunden mit einem noch gültigen Gutschein im Wert von mehr als 10 €",
    ],
)
def test_one_coupon_worth_over_a_value_is_per_coupon(request_text: str, grocery: Catalog) -> None:
    rules = propose(request_text, grocery).rules
    (coupons,) = [b for b in behaviors(rules) if b.event == "coupons"]
    assert coupons.aggregate.func is AggregateFunc.MAX


def test_in_total_sums(grocery: Catalog) -> None:
    request = "customers with still valid coupons worth over 10 € in total"
    (coupons,) = [b for b in behaviors(propose(request, grocery).rules) if b.event == "coupons"]
    assert coupons.aggregate.func is AggregateFunc.SUM
