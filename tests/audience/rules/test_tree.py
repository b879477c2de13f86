"""Rule tree: JSON round trip, fingerprint stability, frozen nodes, walk paths, edits."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from audience.errors import RulePathError
from audience.rules import (
    Attribute,
    Behavior,
    Group,
    Node,
    Op,
    Reachable,
    RuleTree,
    rule_tree_from_json,
    value_items,
)
from tests.support import FIXTURES

SEED = FIXTURES / "seed_vip_store.json"


def test_seed_round_trips_and_fingerprint_is_stable() -> None:
    tree = rule_tree_from_json(SEED.read_text())
    again = RuleTree.model_validate(tree.model_dump(mode="json"))
    assert again == tree and again.fingerprint() == tree.fingerprint()
    edited = tree.updated(limit=5)
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


def _nested() -> RuleTree:
    inner = Group(op="or", rules=[Attribute(field="customers.city", op=Op.EQ, value="Lyon")])
    return RuleTree(root=Group(rules=[Reachable(channel="email"), inner]))


def test_lists_become_tuples_and_json_stays_arrays() -> None:
    tree = rule_tree_from_json(SEED.read_text())
    behavior = tree.root.rules[1]
    assert isinstance(tree.root.rules, tuple) and isinstance(behavior, Behavior)
    assert isinstance(behavior.filters, tuple)
    node = Attribute(field="customers.country", op=Op.IN, value=["FR", "BE"])
    assert node.value == ("FR", "BE")
    assert node.model_dump(mode="json")["value"] == ["FR", "BE"]
    assert json.loads(tree.canonical_json())["root"]["rules"][1]["filters"][0]["value"] == "store"


def test_copies_with_changes_are_validated() -> None:
    node = Attribute(field="customers.country", op=Op.EQ, value="FR")
    assert node.updated(op=Op.IN, value=["FR", "BE"]).value == ("FR", "BE")
    assert node.model_copy(update={"value": ["FR"]}).value == ("FR",)
    with pytest.raises(ValidationError):
        node.updated(window=None)
    with pytest.raises(ValidationError):
        node.model_copy(update={"op": "almost"})


def test_top_level_edits_make_new_trees() -> None:
    tree = rule_tree_from_json(SEED.read_text())
    vip, store = tree.root.rules
    email = Reachable(channel="email")
    assert tree.with_rules([store]).root.rules == (store,)
    assert tree.add_rule(email).root.rules == (vip, store, email)
    assert tree.replace_rule(0, email).root.rules == (email, store)
    assert tree.remove_rule("root.rules[1]").root.rules == (vip,)
    assert tree.root.rules == (vip, store)
    assert tree.with_rules(tree.root.rules).fingerprint() == tree.fingerprint()


def test_nested_edits_follow_walk_paths() -> None:
    tree = _nested()
    paris = Attribute(field="customers.city", op=Op.EQ, value="Paris")
    replaced = tree.replace_rule("root.rules[1].rules[0]", paris)
    assert dict(replaced.walk())["root.rules[1].rules[0]"] == paris
    added = tree.add_rule(paris, "root.rules[1]")
    assert [path for path, _ in added.walk()][-1] == "root.rules[1].rules[1]"
    removed = tree.remove_rule("root.rules[1].rules[0]")
    assert removed.root.rules[1] == Group(op="or")


@pytest.mark.parametrize(
    "path", ["root", "root.rules[5]", "root.rules[0].rules[0]", "rules[0]", "root.rules[-1]", 9]
)
def test_a_bad_path_is_refused(path: str | int) -> None:
    with pytest.raises(RulePathError) as refused:
        _nested().remove_rule(path)
    assert refused.value.path == path


def test_transform_visits_every_node_children_first() -> None:
    seen: list[str] = []

    def to_paris(node: Node) -> Node:
        seen.append(node.kind)
        if isinstance(node, Attribute):
            return node.updated(value="Paris")
        return node

    tree = _nested().transform(to_paris)
    assert seen == ["reachable", "attribute", "group", "group"]
    assert [n.value for _, n in tree.walk() if isinstance(n, Attribute)] == ["Paris"]
    with pytest.raises(ValidationError):
        _nested().transform(lambda node: Reachable(channel="sms"))


def test_value_items_reads_every_value_shape() -> None:
    assert value_items("vip") == ("vip",)
    assert value_items(("FR", "BE")) == ("FR", "BE")
    assert value_items(None) == ()
