"""The SQL guard: the last look at a query before it reaches the engine.

Walks the whole AST and refuses anything that is not one read-only SELECT over catalog tables and
columns: every node type must be on an allow-list (built from what the compiler and the catalog's
dynamic indicator SQL use), so DDL, DML, commands, pragmas, SET, ATTACH, COPY, table functions
(``read_csv``, ``glob``), unknown functions and file paths are refused by construction. In the
spirit of WrenAI's ``policy.py``, but allow-list first.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from audience.errors import SqlGuardError
from schema_catalog import Catalog

STRUCTURE_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.Select, exp.From, exp.Where, exp.Group, exp.Having, exp.Order, exp.Ordered, exp.Limit,
    exp.Subquery, exp.Table, exp.TableAlias, exp.Alias, exp.Identifier, exp.Column, exp.Star,
    exp.With, exp.CTE,
})  # fmt: skip
"""Query structure the compiler builds."""

VALUE_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Neg, exp.DataType, exp.Interval, exp.Var,
    exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is, exp.In,
    exp.Between, exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod,
})  # fmt: skip
"""Literals, operators and comparisons."""

FUNCTION_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Coalesce, exp.Lower, exp.StrPosition,
    exp.StartsWith, exp.Cast, exp.Case, exp.If, exp.DateDiff, exp.TimeToStr, exp.Year, exp.Month,
    exp.Quarter,
})  # fmt: skip
"""Functions: the compiler's, plus those of the demo catalog's dynamic indicator SQL."""

ALLOWED_NODES = STRUCTURE_NODES | VALUE_NODES | FUNCTION_NODES

TIME_UNITS = frozenset({"YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND"})
"""The only bare words (``exp.Var``) allowed: units of INTERVAL and DATE_DIFF."""


def _refuse(message: str, hint: str | None = None) -> SqlGuardError:
    return SqlGuardError(message, hint=hint or "Only compiled audience queries may run.")


def _check_node(node: exp.Expr) -> None:
    kind = type(node)
    if kind not in ALLOWED_NODES:
        raise _refuse(f"SQL element {kind.__name__!r} ({node.sql()[:60]!r}) is not allowed.")
    if kind is exp.Var and node.name.upper() not in TIME_UNITS:
        raise _refuse(f"Bare word {node.name!r} is not allowed.")
    if kind is exp.Star and not isinstance(node.parent, exp.Count):
        raise _refuse("SELECT * is not allowed; name the columns.")


def _derived_columns(select: exp.Expr) -> dict[str, set[str]]:
    """Aliases of subqueries and CTEs in the statement → the column names they output."""
    derived: dict[str, set[str]] = {}
    for node in select.find_all(exp.Subquery, exp.CTE):
        if node.alias and isinstance(node.this, exp.Select):
            derived[node.alias] = {p.alias_or_name for p in node.this.expressions}
    return derived


def _check_tables(select: exp.Expr, catalog: Catalog, derived: dict[str, set[str]]) -> None:
    for table in select.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier) or table.args.get("db") or table.catalog:
            raise _refuse(f"Table reference {table.sql()!r} is not a plain catalog table.")
        if not catalog.has_table(table.name) and table.name not in derived:
            raise _refuse(f"Table {table.name!r} is not in the catalog.")
        if table.alias and table.alias != table.name:
            raise _refuse(f"Table alias {table.alias!r} is not allowed; use the table name.")


def _check_columns(select: exp.Expr, catalog: Catalog, derived: dict[str, set[str]]) -> None:
    used = {t.name for t in select.find_all(exp.Table)}
    outputs = {name for names in derived.values() for name in names}
    outputs |= {a.alias for a in select.find_all(exp.Alias)}
    for column in select.find_all(exp.Column):
        qualifier = column.table
        if qualifier in derived:
            ok = column.name in derived[qualifier]
        elif qualifier:
            ok = catalog.has_table(qualifier) and catalog.table(qualifier).has_column(column.name)
        else:
            ok = column.name in outputs or any(
                catalog.has_table(t) and catalog.table(t).has_column(column.name) for t in used
            )
        if not ok:
            raise _refuse(f"Column {column.sql()!r} is not a catalog column.")


def guard_select(select: exp.Expr, catalog: Catalog) -> None:
    """Refuse anything but one read-only SELECT over catalog tables, columns and functions.

    Raises:
        SqlGuardError: naming the first offending element.
    """
    if not isinstance(select, exp.Select):
        raise _refuse(f"Only a SELECT may run, got {type(select).__name__!r}.")
    for node in select.walk():
        _check_node(node)
    derived = _derived_columns(select)
    _check_tables(select, catalog, derived)
    _check_columns(select, catalog, derived)


def guard_sql(text: str, catalog: Catalog, *, dialect: str = "duckdb") -> exp.Select:
    """Parse SQL text and guard it; returns the parsed SELECT.

    Raises:
        SqlGuardError: the text does not parse, holds more than one statement, or is refused.
    """
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except SqlglotError as error:
        raise _refuse(f"The SQL does not parse: {str(error)[:200]}.") from error
    if len(statements) != 1:
        raise _refuse(f"Exactly one statement may run, got {len(statements)}.")
    statement = statements[0]
    guard_select(statement, catalog)
    assert isinstance(statement, exp.Select)
    return statement
