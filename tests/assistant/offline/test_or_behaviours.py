"""'or' between two behaviours and 'or' inside one (issue 12, pattern 3, clause scope):

- 'missed a drive pickup or cancelled an online order': the words before the 'or' name a
  behaviour of their own (a state and a kind of the same event) — two alternatives, each with
  its own filters, not one behaviour with every value merged;
- 'bought jewellery or accessories online': the value after the 'or' extends the behaviour
  named before it, with the rest of its clause.
"""

from __future__ import annotations

import pytest

from audience.rules import Group
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


def test_a_behaviour_before_the_or_stays_its_own(grocery: Catalog) -> None:
    result = propose(
        "Club+ members living in Namur who either missed a drive pickup or cancelled an order",
        grocery,
    )
    either = [rule for rule in result.rules.root.rules if isinstance(rule, Group)]
    assert len(either) == 1 and either[0].op == "or"
    missed, cancelled = behaviors(result.rules)
    assert {(f.field, str(f.value)) for f in missed.filters} == {
        ("status", "missed"),
        ("fulfilment", "click_and_collect"),
    }
    assert [(f.field, f.value) for f in cancelled.filters] == [("status", "cancelled")]


def test_a_value_after_the_or_joins_the_behaviour_before(catalog: Catalog) -> None:
    result = propose("clients qui ont acheté des bijoux ou des accessoires en ligne", catalog)
    (order,) = behaviors(result.rules)
    filters = {f.field: f.value for f in order.filters}
    assert set(filters["category"]) == {"jewellery", "accessories"}  # type: ignore[arg-type]
    assert filters["channel"] == "web"


@pytest.mark.parametrize(
    "request_text",
    [
        "women who bought shoes or men who bought bags, last 6 months",
        "femmes qui ont acheté des chaussures ou hommes qui ont acheté des sacs, ces 6 derniers"
        " mois",
        "Frauen, die Schuhe gekauft haben, oder Männer, die Taschen gekauft haben, in den letzten"
        " 6 Monaten",
    ],
)
def test_a_closing_time_dates_every_alternative(request_text: str, catalog: Catalog) -> None:
    """A time standing alone after the last alternative is said once of both: the first one
    read over all time was a confident wrong audience."""
    result = propose(request_text, catalog)
    (either,) = [rule for rule in result.rules.root.rules if isinstance(rule, Group)]
    assert either.op == "or" and len(either.rules) == 2
    shoes, bags = behaviors(result.rules)
    assert shoes.window is not None and shoes.window == bags.window
    assert shoes.window.amount == 6
