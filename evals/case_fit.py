"""Does a case fit a catalog? Static checks of its expectation, before anything runs.

Each problem names the case and what does not fit: an unknown table or column in the expected
SQL (with the closest catalog name), a string the SQL compares with a categorical column that is
not one of its allowed values, a rule tree the validator rejects, a member key of the wrong type,
an activation channel the catalog does not declare.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from audience.validate import validate_rules
from evals.cases import EvalCase
from evals.expectations import canonical_key, integer_keys
from schema_catalog import Catalog, Severity, Table, closest_hint


@dataclass(frozen=True)
class CaseProblem:
    """Something wrong with one case. ``code`` is stable; ``message`` is for people."""

    case_id: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        """One line: ``case-id: error code: message``."""
        return f"{self.case_id}: {self.severity.value} {self.code}: {self.message}"


def fit_problems(case: EvalCase, catalog: Catalog) -> list[CaseProblem]:
    """Every static reason ``case`` cannot be scored on ``catalog`` (empty when it fits)."""
    return [CaseProblem(case.id, code, text) for code, text in _problems(case, catalog)]


def _problems(case: EvalCase, catalog: Catalog) -> Iterator[tuple[str, str]]:
    if case.expected_sql is not None:
        yield from sql_problems(case.expected_sql, catalog)
    if case.expected_members is not None:
        yield from _member_problems(case.expected_members, catalog)
    if case.expected_rules is not None:
        for issue in validate_rules(case.expected_rules, catalog):
            if issue.is_error:
                yield (
                    "invalid_rules",
                    f"expected_rules {issue.code} at {issue.path}: {issue.message}",
                )
    if case.expected_channel is not None:
        names = [str(channel.name) for channel in catalog.channels]
        if case.expected_channel not in names:
            hint = closest_hint(case.expected_channel, names) or f"Channels: {', '.join(names)}."
            yield "unknown_channel", f"channel {case.expected_channel!r} is not declared. {hint}"


def _member_problems(members: tuple[object, ...], catalog: Catalog) -> Iterator[tuple[str, str]]:
    if not members:
        yield "no_members", "expected_members is empty; use allow_empty with expected_sql instead"
    integer = integer_keys(catalog)
    wrong = []
    for member in members:
        try:
            canonical_key(member, integer)
        except ValueError:
            wrong.append(member)
    if wrong:
        key = catalog.profile.key
        yield "member_type", f"{len(wrong)} member(s) are not integer {key!r} keys: {wrong[:5]!r}"


def sql_problems(sql: str, catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Parse problems, unknown tables and columns, unknown categorical values, wrong output."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except SqlglotError as error:
        yield "sql_syntax", f"expected_sql does not parse: {str(error).splitlines()[0][:200]}"
        return
    if len(statements) != 1 or not isinstance(statements[0], exp.Select):
        yield "sql_not_select", "expected_sql must be exactly one SELECT statement"
        return
    select = statements[0]
    yield from _table_problems(select, catalog)
    yield from _column_problems(select, catalog)
    yield from _value_problems(select, catalog)
    outputs = [projection.alias_or_name for projection in select.expressions]
    if outputs != [catalog.profile.key]:
        yield (
            "sql_output",
            f"expected_sql must select the profile key {catalog.profile.key!r} alone, "
            f"it selects {', '.join(map(repr, outputs))}",
        )


def _query_tables(select: exp.Select) -> set[str]:
    return {table.name for table in select.find_all(exp.Table)}


def _derived_names(select: exp.Select) -> set[str]:
    names = {node.alias for node in select.find_all(exp.CTE, exp.Subquery) if node.alias}
    return names | {alias.alias for alias in select.find_all(exp.Alias)}


def _table_problems(select: exp.Select, catalog: Catalog) -> Iterator[tuple[str, str]]:
    known = [table.name for table in catalog.tables]
    derived = _derived_names(select)
    for name in sorted(_query_tables(select) - set(known) - derived):
        hint = closest_hint(name, known) or f"Tables: {', '.join(known)}."
        yield "unknown_table", f"table {name!r} is not in the catalog. {hint}"


def _column_problems(select: exp.Select, catalog: Catalog) -> Iterator[tuple[str, str]]:
    tables = [catalog.table(n) for n in _query_tables(select) if catalog.has_table(n)]
    derived = _derived_names(select)
    reported: set[str] = set()
    for column in select.find_all(exp.Column):
        name, qualifier = column.name, column.table
        if qualifier in derived or (not qualifier and name in derived) or name in reported:
            continue
        scope = [t for t in tables if not qualifier or t.name == qualifier]
        if scope and not any(t.has_column(name) for t in scope):
            reported.add(name)
            candidates = [f"{t.name}.{c.name}" for t in scope for c in t.columns]
            shown = f"{qualifier}.{name}" if qualifier else name
            hint = closest_hint(f"{scope[0].name}.{name}", candidates) or ""
            yield "unknown_column", f"column {shown!r} is not in {_names(scope)}. {hint}".strip()


def _names(tables: Sequence[Table]) -> str:
    return ", ".join(repr(table.name) for table in tables)


def _value_problems(select: exp.Select, catalog: Catalog) -> Iterator[tuple[str, str]]:
    tables = [catalog.table(n) for n in _query_tables(select) if catalog.has_table(n)]
    for column, literal in _compared_strings(select):
        owners = [t for t in tables if (not column.table or t.name == column.table)]
        allowed = [
            c.allowed_values
            for t in owners
            if t.has_column(column.name)
            for c in [t.column(column.name)]
        ]
        if allowed and all(values is not None for values in allowed):
            union = sorted({value for values in allowed if values for value in values})
            if literal not in union:
                hint = closest_hint(literal, union) or f"Allowed: {', '.join(union)}."
                yield (
                    "unknown_value",
                    f"{literal!r} is not an allowed value of {column.name!r}. {hint}",
                )


def _compared_strings(select: exp.Select) -> Iterator[tuple[exp.Column, str]]:
    """(column, string) pairs of ``col = 'x'``, ``col <> 'x'`` and ``col IN ('x', ...)``."""
    for node in select.find_all(exp.EQ, exp.NEQ):
        left, right = node.this, node.expression
        for column, literal in ((left, right), (right, left)):
            if isinstance(column, exp.Column) and _is_string(literal):
                yield column, literal.this
    for within in select.find_all(exp.In):
        if isinstance(within.this, exp.Column):
            for literal in within.expressions:
                if _is_string(literal):
                    yield within.this, literal.this


def _is_string(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_string
