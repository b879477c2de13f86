"""'By' a day ('trials wrapping up by March 10th', 'ending by 10 March', "d'ici le 10 mars",
'bis zum 10. März'): from the data's date up to that day, the day included — its number was read
as a count ('at least 10 trials') with no time at all."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "trials wrapping up by march 10th",
        "trials that end by 10 March",
        "trials ending by the 10th of March",
        "les essais qui se terminent d'ici le 10 mars",
        "Probeabos, die bis zum 10. März enden",
    ],
)
def test_by_a_day_is_up_to_that_day_included(request_text: str, telecom: Catalog) -> None:
    (trials,) = behaviors(propose(request_text, telecom).rules)  # as_of 2026-03-01
    assert trials.event == "trials" and trials.aggregate.value == 1
    window = trials.window
    assert window is not None and window.type is WindowKind.BETWEEN
    assert (window.start, window.end) == (date(2026, 3, 1), date(2026, 3, 10))


def test_by_a_day_gone_is_before_the_next_one(catalog: Catalog) -> None:
    """A day already past ('ordered by September 10th', the demo's as_of is 2026-10-01): any
    time up to it."""
    (orders,) = behaviors(propose("customers who ordered by September 10th", catalog).rules)
    assert orders.window is not None and orders.window.type is WindowKind.BEFORE
    assert orders.window.end == date(2026, 9, 11)
