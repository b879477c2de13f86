"""'A lot' in every language ('spend a lot', 'dépensent beaucoup', 'viel ausgeben') is a vague
value word: the planner asks which threshold, with complete options — it is not dropped."""

from __future__ import annotations

import pytest

from assistant import Clarification
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who spend a lot",
        "clients qui dépensent beaucoup",
        "Kunden, die viel ausgeben",
    ],
)
def test_a_lot_asks_which_threshold(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification)
    assert len(result.options) >= 2
    assert all(option.rules is not None for option in result.options)
