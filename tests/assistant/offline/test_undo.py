"""'undo that' takes back the last edit: the tree goes back to the one proposed before it. Words
that only restate the rule taken back are read as naming it (not added again); anything else the
follow-up asks edits the restored tree; with no earlier tree there is nothing to go back to."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Attribute, IndicatorRule, Node, Reachable
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import converse, propose


def _proposal(result: object) -> Proposal:
    assert isinstance(result, Proposal), result
    return result


def _dropped(result: Proposal) -> list[str]:
    return [item.phrase for item in result.coverage if item.rule_path is None and item.phrase]


@pytest.mark.parametrize(
    ("first", "edit", "back"),
    [
        ("VIP customers in Lyon", "exclude the women", "undo that"),
        ("clients VIP à Lyon", "exclus les femmes", "annule ça"),
        ("VIP-Kunden in Lyon", "schließ die Frauen aus", "mach das rückgängig"),
        ("VIP customers in Lyon", "only the high churn risk ones", "hmm, revert that last change"),
    ],
)
def test_undo_restores_the_tree_before_the_last_edit(
    first: str, edit: str, back: str, catalog: Catalog
) -> None:
    before = propose(first, catalog).rules
    result = _proposal(converse(catalog, first, edit, back))
    assert result.rules == before
    assert result.changes and not _dropped(result)


def test_restating_the_rule_taken_back_only_names_it(catalog: Catalog) -> None:
    result = _proposal(
        converse(
            catalog,
            "silver customers in Lyon",
            "exclude anyone at high churn risk",
            "actually undo that last one, put the high-risk people back",
        )
    )
    assert not [node for node in result.rules.root.rules if isinstance(node, IndicatorRule)]
    assert {n.field for n in result.rules.root.rules if isinstance(n, Attribute)} == {
        "customers.loyalty_tier",
        "customers.city",
    }


def _rules(result: object) -> list[Node]:
    return list(_proposal(result).rules.root.rules)


def test_the_rest_of_the_follow_up_edits_the_restored_tree() -> None:
    grocery = get_domain("grocery").load_catalog()
    result = converse(
        grocery,
        "family card holders living in Namur",
        "take out the Club+ members",
        "undo that, keep Club+ in, and just the ones we can reach by email",
    )
    rules = _rules(result)
    assert not [n for n in rules if isinstance(n, Attribute) and n.field.endswith("club_plus")]
    assert [n.channel for n in rules if isinstance(n, Reachable)] == ["email"]


def test_another_value_of_the_field_is_an_edit_of_its_own(catalog: Catalog) -> None:
    result = converse(
        catalog, "customers in Lyon", "exclude the VIP tier", "undo that, only silver members"
    )
    tiers = [n for n in _rules(result) if isinstance(n, Attribute) and "tier" in n.field]
    assert [(n.value, n.negate) for n in tiers] == [("silver", False)]


@pytest.mark.parametrize(
    ("first", "back"),
    [
        ("VIP customers in Lyon", "undo that"),
        ("clients VIP à Lyon", "annule ça"),
        ("VIP-Kunden in Lyon", "mach das rückgängig"),
    ],
)
def test_nothing_to_undo_after_the_first_proposal(first: str, back: str, catalog: Catalog) -> None:
    result = converse(catalog, first, back)
    assert isinstance(result, Clarification) and not result.options
