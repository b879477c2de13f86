"""The compiler: rule tree → sqlglot ``Select`` of profile keys → SQL text per dialect.

``compile_rules`` validates first (raising ``RuleValidationError`` with the issues), then builds
``SELECT "customers"."customer_id" FROM "customers" WHERE <predicate>`` where each node kind has
its own compile function (``audience.compile.nodes.compile_node``). Profile rows are unique, so
no DISTINCT is needed; conditions on other tables are semi-joins. SQL text exists only in
``render_sql``, for an engine or a person.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlglot import exp

from audience.compile import sql_parts as sql
from audience.compile.nodes import Scope, compile_group
from audience.compile.ranking import ranked
from audience.compile.restrictions import exclusions
from audience.compile.targets import (
    consent_predicate,
    contact_predicate,
    dynamic_indicator_query,
    not_suppressed_predicate,
    reachable_predicate,
)
from audience.errors import CompileError, RuleValidationError
from audience.rules.tree import RuleTree
from audience.validate.validator import validate_rules
from languages import say
from schema_catalog import Catalog, has_errors

__all__ = [
    "DIALECTS",
    "compile_rules",
    "consent_predicate",
    "contact_predicate",
    "dynamic_indicator_query",
    "not_suppressed_predicate",
    "reachable_predicate",
    "render_sql",
]

DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "spark")
"""Dialects ``render_sql`` is tested on."""

SAMPLE_MULTIPLIER = 2654435761
"""Knuth's multiplicative hash constant: (key × M) mod 2³² spreads sequential keys evenly."""
SAMPLE_MODULUS = 2**32


def compile_rules(
    tree: RuleTree, catalog: Catalog, *, segments: Mapping[str, RuleTree] | None = None
) -> exp.Select:
    """Compile a rule tree into a SELECT of the profile key, without the catalog's protected
    profiles (``targeting.restrictions``: every audience excludes them).

    Args:
        tree: the audience definition.
        catalog: the catalog the tree is grounded in.
        segments: saved segments by name, for segment references.

    Returns:
        ``SELECT "<profile>"."<key>" FROM "<profile>" WHERE …`` as a sqlglot expression.

    Raises:
        RuleValidationError: the tree has validation errors (carried on ``issues``).
        CompileError: a catalog definition (e.g. an indicator's SQL) cannot be compiled.
    """
    issues = validate_rules(tree, catalog, segments=segments)
    if has_errors(issues):
        raise RuleValidationError(issues)
    scope = Scope(catalog, dict(segments or {}), (), _compile_tree)
    select = _compile_tree(tree, scope)
    protected = [pred.expr for pred in exclusions(scope)]
    return select.where(*protected) if protected else select


def _compile_tree(tree: RuleTree, scope: Scope) -> exp.Select:
    catalog = scope.catalog
    key = sql.profile_key(catalog)
    select = exp.select(key).from_(sql.table_ref(catalog.profile.table))
    conditions = [compile_group(tree.root, scope).expr]
    if tree.sample_share is not None and tree.sample_share < 1:
        conditions.append(_sample_condition(catalog, tree.sample_share))
    if tree.ranking is not None and tree.channel is not None:
        # "The top 1,000 for email" ranks the reachable: the export gets 1,000 contacts.
        conditions.append(reachable_predicate(catalog, tree.channel))
    conditions = [c for c in conditions if not (isinstance(c, exp.Boolean) and c.this is True)]
    if conditions:
        select = select.where(*conditions)
    if tree.limit is not None and tree.ranking is not None:
        return ranked(select, tree.ranking, tree.limit, scope)
    if tree.limit is not None:
        select = select.order_by(key.copy()).limit(exp.Literal.number(tree.limit))
    return select


def _sample_condition(catalog: Catalog, share: float) -> exp.Expr:
    """Deterministic sample; the same share → the same members, a smaller share → a subset.

    Integer keys: ``(key × M) % 2³² < share × 2³²``. Other keys (text, UUID): the first eight
    hex digits of ``MD5(key)`` compared as text with the same threshold in hex (fixed-width
    lower-case hex sorts like the number it spells).
    """
    key = sql.profile_key(catalog)
    threshold = int(share * SAMPLE_MODULUS)
    if not catalog.integer_keys:
        digest = exp.MD5(this=exp.cast(key, exp.DataType.Type.VARCHAR))
        head = exp.Substring(this=digest, start=exp.Literal.number(1), length=exp.Literal.number(8))
        return exp.LT(this=head, expression=exp.Literal.string(f"{threshold:08x}"))
    hashed = exp.Mod(
        this=exp.Paren(this=exp.Mul(this=key, expression=exp.Literal.number(SAMPLE_MULTIPLIER))),
        expression=exp.Literal.number(SAMPLE_MODULUS),
    )
    return exp.LT(this=hashed, expression=exp.Literal.number(threshold))


def render_sql(select: exp.Expr, dialect: str = "duckdb", *, pretty: bool = True) -> str:
    """SQL text of a compiled query in one dialect.

    Raises:
        CompileError: the dialect is not one sqlglot knows.
    """
    try:
        return select.sql(dialect=dialect, pretty=pretty)
    except ValueError as error:
        message = say("unknown_dialect", dialect=dialect, reason=str(error))
        raise CompileError(message, hint=say("use_one_of", allowed=", ".join(DIALECTS))) from error
