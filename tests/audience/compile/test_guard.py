"""Guard and hostile corpus: hostile SQL is refused; hostile identifiers are rejected by the
validator; hostile values compile into literals that return the right (empty) result."""

from __future__ import annotations

from typing import Any

import pytest
from sqlglot import exp

from audience.compile import compile_rules, guard_select, guard_sql, render_sql
from audience.errors import SqlGuardError
from audience.rules import (
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Op,
    RuleTree,
    SegmentRef,
)
from audience.validate import validate_rules
from schema_catalog import Catalog

HOSTILE_SQL = [
    "DROP TABLE customers",
    "DELETE FROM customers",
    "INSERT INTO customers (customer_id) VALUES (1)",
    "UPDATE customers SET email = 'x'",
    "CREATE TABLE x AS SELECT customer_id FROM customers",
    "ALTER TABLE customers ADD COLUMN x INT",
    "SELECT customer_id FROM customers; DROP TABLE customers",
    "SELECT customer_id FROM customers; SELECT customer_id FROM customers",
    "COPY customers TO '/tmp/x.csv'",
    "COPY (SELECT customer_id FROM customers) TO '/tmp/x.parquet' (FORMAT parquet)",
    "ATTACH '/tmp/other.duckdb' AS other",
    "DETACH other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "RESET memory_limit",
    "PRAGMA database_list",
    "CALL pragma_version()",
    "USE other",
    "EXPORT DATABASE '/tmp/dump'",
    "SELECT customer_id FROM read_csv('/etc/passwd')",
    "SELECT customer_id FROM read_parquet('s3://bucket/x.parquet')",
    "SELECT customer_id FROM read_csv_auto('/etc/passwd')",
    "SELECT file FROM glob('/etc/*')",
    "SELECT customer_id FROM '/etc/passwd'",
    "SELECT customer_id FROM 'data.csv'",
    "SELECT getenv('HOME')",
    "SELECT current_setting('memory_limit')",
    "SELECT customer_id FROM duckdb_settings()",
    "SELECT customer_id FROM other.main.customers",
    "SELECT customer_id FROM information_schema.tables",
    "SELECT * FROM customers",
    "SELECT customer_id, email FROM customers UNION SELECT customer_id, email FROM customers",
    "SELECT secret FROM customers",
    "SELECT customer_id FROM secrets",
    "SELECT customer_id FROM customers WHERE customer_id IN (SELECT x FROM sqlite_master)",
    "SELECT customer_id FROM customers WHERE email = sha256(email)",
    "SELECT customer_id FROM customers WHERE customer_id = (SELECT COUNT(*) FROM duckdb_tables())",
    "SELECT customer_id FROM customers c",
    "",
    "   ;  ",
    "SELECT customer_id FROM customers /* ; DROP TABLE customers */ WHERE :x = 1",
]


@pytest.mark.parametrize("sql", HOSTILE_SQL)
def test_guard_refuses_hostile_sql(sql: str, catalog: Catalog) -> None:
    with pytest.raises(SqlGuardError):
        guard_sql(sql, catalog)


def test_guard_accepts_plain_catalog_select(catalog: Catalog) -> None:
    select = guard_sql('SELECT "customers"."customer_id" FROM "customers"', catalog)
    assert isinstance(select, exp.Select)


def test_guard_refuses_non_select_expression(catalog: Catalog) -> None:
    with pytest.raises(SqlGuardError):
        guard_select(exp.Drop(this=exp.to_table("customers"), kind="TABLE"), catalog)


HOSTILE_TEXT = [
    "'; DROP TABLE customers; --",
    '"; DROP TABLE customers; --',
    "x' OR '1'='1",
    "a\\' OR 1=1 --",
    "/* comment */ vip",
    "vip -- comment",
    "vip; SELECT 1",
    "SELECT",
    "NULL",
    "ÉÈ ü 中文 🙂",
    "\u202e\u0000zero",
    "customers.customer_id",
    "$as_of",
    ":as_of",
    "%_%",
]


def test_hostile_identifiers_are_rejected_by_the_validator(catalog: Catalog) -> None:
    for text in HOSTILE_TEXT:
        trees = [
            RuleTree(root=Group(rules=[Attribute(field=text, op=Op.EQ, value="x")])),
            RuleTree(root=Group(rules=[Attribute(field=f"customers.{text}", op=Op.EQ, value=1)])),
            RuleTree(root=Group(rules=[Behavior(event=text)])),
            RuleTree(
                root=Group(
                    rules=[
                        Behavior(
                            event="orders", filters=[Condition(field=text, op=Op.EQ, value="store")]
                        )
                    ]
                )
            ),
            RuleTree(root=Group(rules=[IndicatorRule(indicator=text)])),
            RuleTree(root=Group(rules=[SegmentRef(segment=text)])),
            RuleTree(
                root=Group(
                    rules=[
                        IndicatorRule(indicator="category_appetite", key=text, op=Op.GTE, value=0.5)
                    ]
                )
            ),
        ]
        for tree in trees:
            codes = {issue.code for issue in validate_rules(tree, catalog) if issue.is_error}
            assert codes, (text, tree)  # rejected: unknown name, or a value that does not fit


def test_hostile_categorical_values_are_rejected(catalog: Catalog) -> None:
    for text in HOSTILE_TEXT:
        tree = RuleTree(root=Group(rules=[Attribute(field="customers.loyalty_tier", op=Op.EQ,
                                                    value=text)]))  # fmt: skip
        issues = validate_rules(tree, catalog)
        assert [(i.code, i.path) for i in issues] == [("value_not_allowed", "root.rules[0].value")]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
@pytest.mark.parametrize("op", [Op.EQ, Op.CONTAINS, Op.STARTS_WITH, Op.IN])
def test_hostile_free_text_values_compile_to_literals(
    text: str, op: Op, compiler_catalog: Catalog, handmade: Any
) -> None:
    catalog = compiler_catalog  # first_name is personal data in the demo: no value predicates
    value: Any = [text] if op is Op.IN else text
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.first_name", op=op,
                                                value=value)]))  # fmt: skip
    select = compile_rules(tree, catalog)
    guard_select(select, catalog)
    sql = render_sql(select)
    guard_sql(sql, catalog)
    rows = handmade.execute(sql).fetchall()
    assert rows == []  # no first name contains any hostile text
    assert handmade.execute('SELECT COUNT(*) FROM "customers"').fetchall() == [(12,)]


ORDINARY_FUNCTIONS = [
    "YEAR(orders.ordered_at)",
    "date_part('month', orders.ordered_at)",
    "EXTRACT(dow FROM orders.ordered_at)",
    "date_trunc('month', orders.ordered_at)",
    "date_diff('day', orders.ordered_at, :as_of)",
    "strftime(orders.ordered_at, '%Y')",
    "upper(orders.category) || lower(orders.channel)",
    "length(trim(orders.category))",
    "round(abs(orders.amount), 1)",
    "greatest(orders.amount, 0)",
    "nullif(orders.items, 0)",
    "CASE WHEN orders.amount > 100 THEN 'big' ELSE 'small' END",
    "CAST(orders.ordered_at AS DATE)",
]


def _with_indicator(catalog: Catalog, expression: str) -> Catalog:
    sql = f"SELECT customer_id, {expression} AS value FROM orders"
    probe = catalog.indicator("active_customer").model_copy(
        update={"name": "probe", "sql": sql, "type": "number", "label": "Probe"}
    )
    return catalog.model_copy(update={"indicators": (*catalog.indicators, probe)})


def _probe_select(catalog: Catalog) -> exp.Select:
    tree = RuleTree(root=Group(rules=[IndicatorRule(indicator="probe", op=Op.GTE, value=1)]))
    return compile_rules(tree, catalog)


@pytest.mark.parametrize("expression", ORDINARY_FUNCTIONS)
def test_ordinary_safe_functions_pass_inside_indicator_sql(
    catalog: Catalog, expression: str
) -> None:
    guard_select(_probe_select(_with_indicator(catalog, expression)), catalog)


@pytest.mark.parametrize(
    ("expression", "function"),
    [("now()", "now"), ("current_date", "CURRENT_DATE"), ("getenv('HOME')", "getenv"),
     ("current_setting('threads')", "current_setting")],
)  # fmt: skip
def test_refused_function_names_the_indicator_and_itself(
    catalog: Catalog, expression: str, function: str
) -> None:
    changed = _with_indicator(catalog, expression)
    with pytest.raises(SqlGuardError) as refused:
        guard_select(_probe_select(changed), changed)
    assert (refused.value.indicator, refused.value.function) == ("probe", function)
    assert "YEAR" in (refused.value.hint or "")


READ_ONLY_QUERIES = [
    "SELECT DISTINCT customers.customer_id FROM customers JOIN orders "
    "ON orders.customer_id = customers.customer_id WHERE orders.amount > 100",
    "SELECT customer_id FROM customers WHERE EXISTS (SELECT 1 FROM orders "
    "WHERE orders.customer_id = customers.customer_id)",
    "SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(DISTINCT category) > 2",
]


@pytest.mark.parametrize("sql", READ_ONLY_QUERIES)
def test_guard_accepts_read_only_joins_exists_and_distinct(sql: str, catalog: Catalog) -> None:
    assert isinstance(guard_sql(sql, catalog), exp.Select)


def test_joins_still_refuse_foreign_tables_and_aliases(catalog: Catalog) -> None:
    for sql in (
        "SELECT customers.customer_id FROM customers JOIN read_csv('/etc/passwd') ON true",
        "SELECT c.customer_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id",
        "SELECT customer_id FROM customers WHERE EXISTS (SELECT 1 FROM duckdb_tables())",
    ):
        with pytest.raises(SqlGuardError):
            guard_sql(sql, catalog)
