"""Rule tree: JSON round trip, fingerprint stability, frozen nodes, walk paths."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from audience.rules import Attribute, Group, Op, RuleTree, rule_tree_from_json
from tests.support import FIXTURES

SEED = FIXTURES / "seed_vip_store.json"


def test_seed_round_trips_and_fingerprint_is_stable() -> None:
    tree = rule_tree_from_json(SEED.read_text())
    again = RuleTree.model_validate(tree.model_dump(mode="json"))
    assert again == tree and again.fingerprint() == tree.fingerprint()
    edited = tree.model_copy(update={"limit": 5})
    assert edited.fingerprint() != tree.fingerprint()


def test_nodes_are_frozen_and_forbid_extra_keys() -> None:
    node = Attribute(field="customers.city", op=Op.EQ, value="Paris")
    with pytest.raises(ValidationError):
        node.value = "Lyon"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        rule_tree_from_json('{"root": {"kind": "group", "rules": [], "oops": 1}}')


def test_walk_yields_paths_depth_first() -> None:
    tree = rule_tree_from_json(SEED.read_text())
    assert [path for path, _ in tree.walk()] == ["root", "root.rules[0]", "root.rules[1]"]
    assert isinstance(next(iter(tree.walk()))[1], Group)
