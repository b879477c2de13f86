"""A follow-up that removes people no rule names ('take out the women' when the audience never
mentioned gender) excludes them; it never adds them, which would invert the request. A removal
that names a rule still removes that rule."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import converse


def _attributes(result: object) -> dict[str, Attribute]:
    assert isinstance(result, Proposal), result
    return {n.field: n for _, n in result.rules.walk() if isinstance(n, Attribute)}


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("VIP customers in Lyon", "take out the women"),
        ("clients VIP à Lyon", "enlève les femmes"),
        ("VIP-Kunden in Lyon", "nimm die Frauen raus"),
    ],
)
def test_removing_people_no_rule_names_excludes_them(
    first: str, follow_up: str, catalog: Catalog
) -> None:
    rules = _attributes(converse(catalog, first, follow_up))
    assert rules["customers.gender"].value == "female" and rules["customers.gender"].negate
    assert not rules["customers.city"].negate and rules["customers.city"].value == "Lyon"


def test_removing_a_named_rule_still_removes_it(catalog: Catalog) -> None:
    rules = _attributes(converse(catalog, "VIP customers in Lyon", "remove the city condition"))
    assert "customers.city" not in rules and "customers.loyalty_tier" in rules


def test_excluding_members_on_another_catalog() -> None:
    grocery = get_domain("grocery").load_catalog()
    result = converse(
        grocery, "family card holders living in Namur", "now take out the Club+ members"
    )
    rules = _attributes(result)
    assert rules["cardholders.club_plus"].negate and rules["cardholders.club_plus"].value is True
