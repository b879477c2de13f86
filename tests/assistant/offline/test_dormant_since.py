"""'Dormant since spring', 'ruhend seit März': the lapse word says they did it before — at least
one ever and none since — unlike a bare 'haven't bought since March', which keeps the people who
never bought (and says so). A closing 'since' with no object points back at the period given."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Proposal
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "dormant customers, no order since March",
        "clients dormants depuis le printemps, plus aucune commande depuis",
        "seit März ruhende Kunden, seitdem keine Bestellung",
    ],
)
def test_dormant_since_means_bought_before_and_none_since(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    ever, since = behaviors(proposal.rules)
    assert (ever.negate, ever.window) == (False, None)
    assert since.negate is True and since.window is not None
    assert since.window.start == date(2026, 3, 1)
    assert not [item.phrase for item in proposal.coverage if item.rule_path is None]


def test_a_bare_none_since_keeps_never_buyers_and_says_so(catalog: Catalog) -> None:
    proposal = propose("customers who haven't bought since March", catalog)
    (none,) = behaviors(proposal.rules)
    assert none.negate is True
    assert len(proposal.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "dormant app users - haven't opened the app in 10 weeks",
        "dormant app users who haven't opened the app for 10 weeks",
    ],
)
def test_a_length_keeps_its_own_reading(request_text: str, catalog: Catalog) -> None:
    """'haven't opened in 10 weeks' dates the app's own last-opened column: no 'ever' rule
    (in the answer, or in any option of a question about 'opened')."""
    result = PLANNER.plan(request_text, None, catalog)
    trees = [o.rules for o in result.options] if isinstance(result, Clarification) else []
    trees += [result.rules] if isinstance(result, Proposal) else []
    assert trees
    for tree in trees:
        assert not [b for b in behaviors(tree) if b.window is None and not b.negate]
