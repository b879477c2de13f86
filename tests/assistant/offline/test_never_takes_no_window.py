"""'never' is over all time (issue 12, pattern 3, clause scope): a window said in another clause
is not its own, even when that clause has no behaviour left to take it ('… about roaming last
summer and have never tried any free trial' was read as no trial last summer)."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Behavior, RuleTree
from schema_catalog import Catalog
from tests.support.planning import PLANNER


def _trees(result: object) -> list[RuleTree]:
    if isinstance(result, Proposal):
        return [result.rules]
    assert isinstance(result, Clarification), result
    return [option.rules for option in result.options if option.rules is not None]


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who contacted us about roaming last summer and have never tried any free trial",
        "Kunden, die uns letzten Sommer wegen Roaming kontaktiert haben und noch nie eine"
        " Testphase ausprobiert haben",
    ],
)
def test_never_takes_no_window_of_another_clause(request_text: str, telecom: Catalog) -> None:
    trees = _trees(PLANNER.plan(request_text, None, telecom))
    negated = [
        node
        for tree in trees
        for _, node in tree.walk()
        if isinstance(node, Behavior) and node.negate
    ]
    assert negated and all(node.window is None for node in negated)
