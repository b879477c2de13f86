"""Sizes stated as a bound on people ('at most 20k customers', 'pas plus de 1 000 clients',
'höchstens 1.000 Kunden'), as a test cell ('a 1k test cell'), after values of the people ('2500
gold customers') or in a list ('a list of 10 000 contacts'): the expected size, never a criterion
and never a request to show personal data. A bound on events ('at most 3 orders') stays a
criterion."""

from __future__ import annotations

import pytest

from audience.rules import Behavior, RuleTree
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


def _counts(tree: RuleTree) -> list[float]:
    """The count thresholds of the tree's behaviours other than the default 'at least 1'."""
    return [
        float(b.aggregate.value)  # type: ignore[arg-type]
        for b in behaviors(tree)
        if b.aggregate is not None and b.aggregate.value != 1
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "no more than 1,000 customers who bought bags",
        "pas plus de 1 000 clients qui ont acheté des sacs",
        "höchstens 1.000 Kunden, die Taschen gekauft haben",
    ],
)
def test_a_bound_on_people_is_the_size(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size == 1000
    (bags,) = behaviors(proposal.rules)
    assert [(c.field, c.value) for c in bags.filters] == [("category", "bags")]
    assert _counts(proposal.rules) == []


def test_a_bound_on_people_beside_a_window(telecom: Catalog) -> None:
    proposal = propose("at most 20k accounts who watched sport in the last month", telecom)
    assert proposal.expected_size == 20000
    assert _counts(proposal.rules) == []


@pytest.mark.parametrize(
    "request_text",
    [
        "a 1k test cell of VIP customers",
        "une cellule test de 1 000 clients VIP",
        "eine Testgruppe von 1.000 VIP-Kunden",
        "I need 1000 VIP customers in Paris",
    ],
)
def test_a_test_cell_or_people_after_values(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size == 1000
    assert [c.phrase for c in proposal.coverage if c.rule_path is None] == []


def test_a_test_cell_is_no_count_of_events(grocery: Catalog) -> None:
    proposal = propose("a 1k test cell of drive users", grocery)
    assert proposal.expected_size == 1000
    assert _counts(proposal.rules) == []


@pytest.mark.parametrize(
    ("request_text", "size"),
    [
        ("a list of 10 000 contacts who opened an email in the last month", 10000),
        ("une liste de 3 000 clients qui ont ouvert un e-mail", 3000),
        ("eine Liste von 5.000 Kunden, die eine E-Mail geöffnet haben", 5000),
    ],
)
def test_a_list_with_a_size_is_an_audience(request_text: str, size: int, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size == size
    events = {b.event for b in behaviors(proposal.rules) if isinstance(b, Behavior)}
    assert events == {"email_events"}


@pytest.mark.parametrize(
    ("request_text", "count"),
    [
        ("customers with at most 3 orders", 3),
        ("customers who bought no more than 2 bags", 2),
    ],
)
def test_a_bound_on_events_stays_a_criterion(
    request_text: str, count: int, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    assert proposal.expected_size is None
    assert _counts(proposal.rules) == [count]
