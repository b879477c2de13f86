"""'one time', 'deux fois': a count said as a number of times is that count, in every language
('only one time' is exactly one)."""

from __future__ import annotations

import pytest

from audience.rules import Op
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "op", "count"),
    [
        ("members who visited only one time this year", Op.EQ, 1),
        ("members who visited two times this year", None, 2),
    ],
)
def test_times_said_in_words(request_text: str, op: Op | None, count: int, cinema: Catalog) -> None:
    (visit,) = behaviors(propose(request_text, cinema).rules)
    assert visit.aggregate.value == count
    assert op is None or visit.aggregate.op is op


def test_in_french(grocery: Catalog) -> None:
    (basket,) = behaviors(
        propose("clients venus deux fois en magasin depuis janvier", grocery).rules
    )
    assert basket.aggregate.value == 2
