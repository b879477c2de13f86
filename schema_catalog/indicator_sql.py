"""Check a dynamic indicator's SQL against the catalog: it parses, and names real tables/columns.

The SQL is parsed with sqlglot's DuckDB dialect (``:as_of`` parses as a placeholder), qualified
against a schema built from the catalog, then every column is resolved to its source table.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from languages import Wording, say
from schema_catalog.column_types import storage_type
from schema_catalog.issues import Issue, closest_match, worded_issue
from schema_catalog.model import Catalog


def catalog_schema(catalog: Catalog) -> dict[str, object]:
    """``{table: {column: duckdb_type}}`` for sqlglot's optimizer."""
    return {
        table.name: {column.name: storage_type(column.type) for column in table.columns}
        for table in catalog.tables
    }


def check_indicator_sql(catalog: Catalog, path: str, sql: str) -> Iterator[Issue]:
    """Issues for one dynamic indicator definition (``path`` is ``indicators.<name>.sql``)."""
    try:
        tree = sqlglot.parse_one(sql, dialect="duckdb")
    except SqlglotError as error:
        message = say("indicator_sql_unparsed", raw=str(error))
        yield worded_issue("indicator_sql_invalid", path, message)
        return
    unknown = sorted(_unknown_tables(catalog, tree))
    for name in unknown:
        message = say("indicator_sql_unknown_table", table_name=name)
        yield worded_issue("indicator_unknown_table", path, message)
    if unknown:
        return
    yield from _unknown_columns(catalog, path, tree)
    yield from _output_columns(catalog, path, tree)


def _unknown_tables(catalog: Catalog, tree: exp.Expr) -> set[str]:
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = {table.name for table in tree.find_all(exp.Table) if table.name}
    return {name for name in names - ctes if not catalog.has_table(name)}


def _unknown_columns(catalog: Catalog, path: str, tree: exp.Expr) -> Iterator[Issue]:
    # First the columns the SQL qualifies itself (qualify() rejects those outright), then,
    # once qualify() has attached every bare column to a table, the rest.
    issues = list(_scan_columns(catalog, path, tree, bare_is_unknown=False))
    if issues:
        yield from issues
        return
    try:
        qualified = qualify(
            tree.copy(),
            schema=catalog_schema(catalog),
            dialect="duckdb",
            validate_qualify_columns=False,
            quote_identifiers=False,
        )
    except SqlglotError as error:
        message = say("indicator_sql_unresolved", raw=str(error))
        yield worded_issue("indicator_sql_invalid", path, message)
        return
    yield from _scan_columns(catalog, path, qualified, bare_is_unknown=True)


def _scan_columns(
    catalog: Catalog, path: str, tree: exp.Expr, *, bare_is_unknown: bool
) -> Iterator[Issue]:
    for scope in traverse_scope(tree):
        for column in scope.columns:
            if not column.table and not bare_is_unknown:
                continue
            problem = _column_problem(catalog, scope.sources.get(column.table), column)
            if problem is not None:
                hint = _hint(catalog, column.name)
                yield worded_issue("indicator_unknown_column", path, problem, hint)


def _column_problem(catalog: Catalog, source: object, column: exp.Column) -> Wording | None:
    if not column.table:
        return say("indicator_sql_bare_column", name=column.name)
    if not isinstance(source, exp.Table) or not catalog.has_table(source.name):
        return None  # a derived table or CTE: its columns are checked in their own scope.
    if catalog.table(source.name).has_column(column.name):
        return None
    return say("indicator_sql_unknown_column", name=f"{source.name}.{column.name}")


def _hint(catalog: Catalog, name: str) -> Wording | None:
    columns = sorted({c.name for t in catalog.tables for c in t.columns})
    match = closest_match(name, columns, cutoff=0.6)
    return say("did_you_mean", suggestion=match) if match else None


def _output_columns(catalog: Catalog, path: str, tree: exp.Expr) -> Iterator[Issue]:
    if not isinstance(tree, exp.Query):
        yield worded_issue("indicator_sql_not_select", path, say("indicator_sql_no_select"))
        return
    missing = [name for name in (catalog.profile.key, "value") if name not in tree.named_selects]
    for name in missing:
        message = say("indicator_sql_missing_output", name=name)
        hint = say("return_key_and_value", key=catalog.profile.key)
        yield worded_issue("indicator_sql_missing_output", path, message, hint)
