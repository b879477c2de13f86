"""A choice recorded booked and done ('drive': a scheduled online order, a paid basket) in a
clause saying 'this week' read on the week's first day: no day of it is past, so it is the
booking (the online orders, scheduled, the whole week); a period with days past keeps what was
done."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_",
    [
        "customers with a drive collection at Douai this week",
        "clients avec un drive à Douai cette semaine",
        "Kunden mit Drive-Abholung in Douai diese Woche",
    ],
)
def test_this_week_on_its_first_day_is_the_booking(request_: str, grocery: Catalog) -> None:
    (order,) = behaviors(propose(request_, grocery).rules)
    assert order.event == "online_orders"
    assert order.window is not None and str(order.window.end) == "2026-06-21"


def test_this_month_with_days_past_is_what_was_done(grocery: Catalog) -> None:
    (basket,) = behaviors(propose("customers who used the drive this month", grocery).rules)
    assert basket.event == "baskets"
