"""A number written with a thousands separator is an amount, never a year ('2,000 points',
'2.000 Punkte'); a bare four-digit number after 'in' stays a year."""

from __future__ import annotations

import pytest

from assistant.offline.spans import SpanKind
from audience.rules import Attribute, Op, WindowKind
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    ["cardholders sitting on more than 2,000 points", "Kunden mit über 2.000 Punkten"],
)
def test_a_separated_number_is_an_amount(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    points = Attribute(field="cardholders.points_balance", op=Op.GT, value=2000)
    assert result.rules.root.rules == (points,)


@pytest.mark.parametrize(
    "request_text", ["cardholders sitting on 2,000 points", "Kunden mit 2.000 Punkten"]
)
def test_a_separated_number_is_no_time(request_text: str, grocery: Catalog) -> None:
    spans = PLANNER.understand(request_text, grocery).spans
    assert not [span for span in spans if span.kind is SpanKind.TIME]


def test_a_bare_year_stays_a_year(grocery: Catalog) -> None:
    (wine,) = behaviors(propose("shoppers who bought wine in 2025", grocery).rules)
    assert wine.window is not None and wine.window.type is WindowKind.BETWEEN
