"""'except A and B' leaves out both groups: a value listed after 'except' with 'and' is one
more group excluded, never a condition on the people kept ('sauf les VIP et les femmes')."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "Paris customers except VIPs and women",
        "clients parisiens sauf les VIP et les femmes",
        "Kunden aus Paris außer VIPs und Frauen",
    ],
)
def test_every_group_listed_after_except_is_left_out(request_text: str, catalog: Catalog) -> None:
    rules = propose(request_text, catalog).rules.root.rules
    assert rules == (
        Attribute(field="customers.city", op=Op.EQ, value="Paris"),
        Attribute(field="customers.loyalty_tier", op=Op.NEQ, value="vip"),
        Attribute(field="customers.gender", op=Op.NEQ, value="female"),
    )


def test_values_of_one_field_after_except_stay_one_list(catalog: Catalog) -> None:
    rules = propose("Paris customers except VIP and gold members", catalog).rules.root.rules
    assert Attribute(field="customers.loyalty_tier", op=Op.NOT_IN, value=("vip", "gold")) in rules


def test_a_plain_not_does_not_reach_past_and(catalog: Catalog) -> None:
    """'not in Paris and women': the women are kept — only 'except' lists excluded groups."""
    rules = propose("VIP customers not in Paris and women", catalog).rules.root.rules
    assert Attribute(field="customers.gender", op=Op.EQ, value="female") in rules
