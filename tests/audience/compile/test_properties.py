"""Property: generated valid trees compile, pass the guard, and select exactly what an
independent Python evaluator selects, on the hand-made dataset and two generated ones (NULLs
included); the negated tree selects the complement."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

from audience.compile import compile_rules, guard_select, guard_sql, render_sql
from audience.rules import NODE_KINDS, Group, RuleTree
from audience.validate import validate_rules
from schema_catalog import has_errors
from tests.support.handmade_db import handmade_dataset, load_duckdb, random_dataset
from tests.support.rule_evaluator import NODE_EVALUATORS, Evaluator
from tests.support.rule_trees import CATALOG, SEGMENTS, TREES

DATASETS = [handmade_dataset(), random_dataset(CATALOG, 11), random_dataset(CATALOG, 23)]
RUNS = {"examples": 0, "queries": 0, "mismatches": 0, "non_trivial": 0}


def _run(connection: Any, sql: str) -> list[Any]:
    RUNS["queries"] += 1
    return sorted(row[0] for row in connection.execute(sql).fetchall())


@pytest.fixture(scope="module")
def worlds() -> list[tuple[Any, Evaluator]]:
    return [(load_duckdb(d, CATALOG), Evaluator(CATALOG, d, SEGMENTS)) for d in DATASETS]


@pytest.mark.slow
@settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])  # fmt: skip
@given(tree=TREES)
def test_compiled_trees_select_what_the_evaluator_selects(worlds: Any, tree: RuleTree) -> None:
    negated = RuleTree(root=Group(rules=[tree.root], negate=True))
    for checked in (tree, negated):  # a rule that can only select minors is refused by policy
        codes = {issue.code for issue in validate_rules(checked, CATALOG, segments=SEGMENTS)}
        assume("restricted_target" not in codes)
    issues = validate_rules(tree, CATALOG, segments=SEGMENTS)
    assert not has_errors(issues), [i.render() for i in issues]
    select = compile_rules(tree, CATALOG, segments=SEGMENTS)
    guard_select(select, CATALOG)
    sql = render_sql(select)
    guard_sql(sql, CATALOG)
    negated_sql = render_sql(compile_rules(negated, CATALOG, segments=SEGMENTS))
    RUNS["examples"] += 1
    for connection, evaluator in worlds:
        expected = evaluator.members(tree)
        got = _run(connection, sql)
        if got != expected:
            RUNS["mismatches"] += 1
        assert got == expected, sql
        RUNS["non_trivial"] += 0 < len(got) < len(evaluator.ids)
        complement = _run(connection, negated_sql)
        everyone = [i for i in evaluator.ids if not evaluator.protected(i)]
        root_only = evaluator.members(RuleTree(root=tree.root))
        assert complement == sorted(set(everyone) - set(root_only))


def test_the_reference_evaluator_knows_every_node_kind() -> None:
    assert set(NODE_EVALUATORS) == set(NODE_KINDS)
