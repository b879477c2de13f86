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
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip", negate=True),
        Attribute(field="customers.gender", op=Op.EQ, value="female", negate=True),
    )


def test_values_of_one_field_after_except_stay_one_list(catalog: Catalog) -> None:
    rules = propose("Paris customers except VIP and gold members", catalog).rules.root.rules
    assert (
        Attribute(field="customers.loyalty_tier", op=Op.IN, value=("vip", "gold"), negate=True)
        in rules
    )


def test_a_plain_not_does_not_reach_past_and(catalog: Catalog) -> None:
    """'not in Paris and women': the women are kept — only 'except' lists excluded groups."""
    rules = propose("VIP customers not in Paris and women", catalog).rules.root.rules
    assert Attribute(field="customers.gender", op=Op.EQ, value="female") in rules


@pytest.mark.parametrize(
    ("request_text", "field", "values"),
    [
        ("Occitanie customers except prepaid lines", "accounts.contract_type", "prepaid"),
        ("clients d'Occitanie sauf les lignes prépayées", "accounts.contract_type", "prepaid"),
        ("customers who are not on a 12- or 24-month contract", "accounts.contract_type", None),
        ("fibre customers who don't have the sports TV package", "accounts.tv_package", "sports"),
        ("Glasfaserkunden ohne das Sport-TV-Paket", "accounts.tv_package", "sports"),
    ],
)
def test_an_excluded_profile_value_keeps_people_with_no_value(
    request_text: str, field: str, values: str | None, telecom: Catalog
) -> None:
    """'except prepaid lines', 'not on a 24-month contract': everyone but those people — an
    account with no line (no contract type) is not on a prepaid one, so it stays in."""
    (rule,) = [
        r
        for r in propose(request_text, telecom).rules.root.rules
        if isinstance(r, Attribute) and r.field == field
    ]
    assert rule.negate and rule.op in {Op.EQ, Op.IN}
    assert values is None or rule.value == values
