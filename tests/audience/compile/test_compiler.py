"""Compiler: golden fixtures (tree → DuckDB SQL text → member ids on the hand-made database),
dialect rendering, zero and NULL semantics, segments and the validation boundary.

Fixture style after sqlglot ``tests/fixtures/optimizer`` + ``check_file``: compare the text first,
then run it and compare the rows. Each ``tests/fixtures/compiler/NAME.json`` holds ``rules`` and
the hand-derived ``ids``; ``NAME.sql`` the expected DuckDB SQL.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from audience.compile import guard_select
from audience.compile.compiler import (
    DIALECTS,
    compile_rules,
    consent_predicate,
    contact_predicate,
    not_suppressed_predicate,
    reachable_predicate,
    render_sql,
)
from audience.errors import RuleValidationError, SegmentCycleError, UnknownSegmentError
from audience.rules import (
    OPERATORS,
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Op,
    Reachable,
    RuleTree,
    SegmentRef,
)
from schema_catalog import Catalog
from tests.support import FIXTURES

GOLDEN = FIXTURES / "compiler"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json") if not p.stem.startswith("_"))
SEGMENTS = {
    name: RuleTree.model_validate(tree)
    for name, tree in json.loads((GOLDEN / "_segments.json").read_text()).items()
}


def _ids(connection: Any, sql: str) -> list[int]:
    return sorted(row[0] for row in connection.execute(sql).fetchall())


@pytest.mark.parametrize("name", CASES)
def test_golden_fixture(name: str, compiler_catalog: Catalog, handmade: Any) -> None:
    case = json.loads((GOLDEN / f"{name}.json").read_text())
    tree = RuleTree.model_validate(case["rules"])
    select = compile_rules(tree, compiler_catalog, segments=SEGMENTS)
    sql = render_sql(select)
    assert sql == (GOLDEN / f"{name}.sql").read_text().rstrip("\n")
    guard_select(select, compiler_catalog)
    assert _ids(handmade, sql) == case["ids"]


def test_golden_fixtures_cover_every_operator_and_node_kind() -> None:
    ops: set[str] = set()
    kinds: set[str] = set()
    funcs: set[str] = set()
    windows: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            kinds.add(node.get("kind", ""))
            ops.add(node.get("op", ""))
            funcs.add(node.get("func", ""))
            windows.add(node.get("type", "") if "amount" in node or "start" in node or "end" in
                        node else "")  # fmt: skip
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for name in CASES:
        visit(json.loads((GOLDEN / f"{name}.json").read_text())["rules"])
    assert {op.value for op in OPERATORS} <= ops
    assert {"attribute", "behavior", "indicator", "segment", "reachable", "group"} <= kinds
    assert {"count", "sum", "avg", "min", "max", "days_since_last"} <= funcs
    assert {"last", "between", "before", "since"} <= windows


def _seed() -> RuleTree:
    return RuleTree.model_validate_json((FIXTURES / "seed_vip_store.json").read_text())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_seed_example_renders_golden_sql_per_dialect(dialect: str, catalog: Catalog) -> None:
    sql = render_sql(compile_rules(_seed(), catalog), dialect)
    assert sql == (FIXTURES / f"seed_vip_store.{dialect}.sql").read_text().rstrip("\n")


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_rendered_sql_reparses(dialect: str, compiler_catalog: Catalog) -> None:
    for name in CASES:
        tree = RuleTree.model_validate(json.loads((GOLDEN / f"{name}.json").read_text())["rules"])
        sql = render_sql(compile_rules(tree, compiler_catalog, segments=SEGMENTS), dialect)
        assert isinstance(sqlglot.parse_one(sql, read=dialect), exp.Select), name


def test_every_fixture_renders_in_every_dialect(compiler_catalog: Catalog) -> None:
    for name in CASES:
        tree = RuleTree.model_validate(json.loads((GOLDEN / f"{name}.json").read_text())["rules"])
        select = compile_rules(tree, compiler_catalog, segments=SEGMENTS)
        for dialect in DIALECTS:
            assert render_sql(select, dialect, pretty=False).startswith("SELECT"), (name, dialect)


def test_output_column_is_the_profile_key_without_distinct(catalog: Catalog) -> None:
    select = compile_rules(_seed(), catalog)
    assert [e.alias_or_name for e in select.expressions] == ["customer_id"]
    assert not select.args.get("distinct")
    assert not list(select.find_all(exp.Join))


def test_behaviours_are_semi_joins_never_joins(catalog: Catalog) -> None:
    rules = [Behavior(event="orders"), IndicatorRule(indicator="age", op=Op.GTE, value=30)]
    tree = RuleTree(root=Group(rules=[*rules, Reachable(channel="push")]))
    select = compile_rules(tree, catalog)
    assert not list(select.find_all(exp.Join))
    assert len(list(select.find_all(exp.In))) >= 3


def test_validation_errors_raise_with_issues(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.contry", op=Op.EQ, value="FR")]))
    with pytest.raises(RuleValidationError) as raised:
        compile_rules(tree, catalog)
    assert [(i.code, i.path) for i in raised.value.issues] == [
        ("unknown_field", "root.rules[0].field")
    ]


def test_segment_cycle_and_unknown_segment(catalog: Catalog) -> None:
    loop = RuleTree(root=Group(rules=[SegmentRef(segment="a")]))
    with pytest.raises(RuleValidationError) as raised:
        compile_rules(loop, catalog, segments={"a": loop})
    assert raised.value.issues[0].code == "segment_cycle"
    with pytest.raises(RuleValidationError):
        compile_rules(loop, catalog)


def test_compile_node_errors_without_validation(catalog: Catalog) -> None:
    from audience.compile.nodes import Scope, compile_node

    loop = RuleTree(root=Group(rules=[SegmentRef(segment="a")]))
    with pytest.raises(SegmentCycleError):
        compile_node(SegmentRef(segment="a"), Scope(catalog, {"a": loop}, ("a",)))
    with pytest.raises(UnknownSegmentError):
        compile_node(SegmentRef(segment="zz"), Scope(catalog, {}))


def test_reachable_parts_compose_the_reachable_predicate(catalog: Catalog, handmade: Any) -> None:
    def members(predicate: exp.Expression) -> list[int]:
        query = (
            exp.select(exp.column("customer_id", "customers", quoted=True))
            .from_(exp.Table(this=exp.to_identifier("customers", quoted=True)))
            .where(predicate)
        )
        guard_select(query, catalog)
        return _ids(handmade, query.sql("duckdb"))

    assert members(consent_predicate(catalog, "email")) == [1, 2, 3, 4, 6, 8, 9]
    assert members(contact_predicate(catalog, "email")) == [1, 2, 5, 6, 7, 8, 9, 10, 11, 12]
    assert members(not_suppressed_predicate(catalog, "email")) == [1, 3, 4, 5, 7, 8, 10, 11, 12]
    assert members(reachable_predicate(catalog, "email")) == [1, 8]


def test_a_channels_suppression_scope_comes_from_the_catalog(
    catalog: Catalog, handmade: Any
) -> None:
    # WhatsApp shares the phone with SMS: an SMS suppression blocks it too (customer 9).
    whatsapp = catalog.channel("sms").model_copy(
        update={"name": "whatsapp", "suppressed_by": ("sms",)}
    )
    own = catalog.model_copy(update={"channels": (*catalog.channels, whatsapp)})
    query = (
        exp.select(exp.column("customer_id", "customers", quoted=True))
        .from_(exp.Table(this=exp.to_identifier("customers", quoted=True)))
        .where(not_suppressed_predicate(own, "whatsapp"))
    )
    guard_select(query, own)
    assert _ids(handmade, query.sql("duckdb")) == [1, 2, 3, 4, 5, 7, 8, 10, 11, 12]

    def reachable(channel: str, on: Catalog) -> list[int]:
        tree = RuleTree(root=Group(rules=[Reachable(channel=channel)]), channel=channel)
        return _ids(handmade, render_sql(compile_rules(tree, on)))

    assert reachable("whatsapp", own) == reachable("sms", catalog) == [1, 3, 7, 8, 10]


def test_sample_share_is_deterministic_and_nested(catalog: Catalog, handmade: Any) -> None:
    half = RuleTree(root=Group(), sample_share=0.5)
    first = _ids(handmade, render_sql(compile_rules(half, catalog)))
    assert first == _ids(handmade, render_sql(compile_rules(half, catalog)))
    assert 0 < len(first) < 12
    quarter = _ids(handmade, render_sql(compile_rules(half.updated(sample_share=0.25), catalog)))
    assert set(quarter) <= set(first)


def test_values_are_literals_never_identifiers(compiler_catalog: Catalog) -> None:
    catalog = compiler_catalog  # first_name is personal data in the demo: no value predicates
    hostile = 'x" OR 1=1 --'
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.first_name", op=Op.EQ,
                                                value=hostile)]))  # fmt: skip
    select = compile_rules(tree, catalog)
    literals = [lit.this for lit in select.find_all(exp.Literal) if lit.is_string]
    assert hostile in literals
    assert all(hostile not in ident.name for ident in select.find_all(exp.Identifier))
