"""The engine's queries around a compiled audience, built from sqlglot expressions only.

The audience is the compiler's SELECT of profile ids. Each builder here wraps it: counting,
listing ids, sampling profiles, breaking down by a column, the per-channel eligibility waterfall
and the export's contact list. Names come from the catalog and become quoted identifiers; values
become literals. Semi-joins (``key IN (SELECT ...)``) everywhere, never fan-out joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlglot import exp

from audience.compile import sql_parts as sql
from audience.compile.targets import (
    consent_predicate,
    contact_predicate,
    not_suppressed_predicate,
)
from audience.errors import EngineUsageError
from languages import Wording, say
from schema_catalog import Catalog, ColumnType, Relationship, Table, TableKind

AUDIENCE_ALIAS = "audience"


def _column(name: str, table: str) -> exp.Column:
    return exp.column(name, table, quoted=True)


def _profile_key(catalog: Catalog) -> exp.Column:
    # The profile table is not aliased: the compiler's predicates name it by its table name.
    return sql.profile_key(catalog)


def _from_profile(catalog: Catalog) -> exp.Select:
    return exp.Select().from_(sql.table_ref(catalog.profile.table))


def _audience_column(audience: exp.Select) -> exp.Column:
    return _column(audience.named_selects[0], AUDIENCE_ALIAS)


def _in_audience(catalog: Catalog, audience: exp.Select) -> exp.Expr:
    return exp.In(this=_profile_key(catalog), query=audience.subquery(copy=True))


def count_query(audience: exp.Select) -> exp.Select:
    """``SELECT COUNT(*) FROM (audience)``."""
    count = exp.alias_(exp.Count(this=exp.Star()), "audience_count", quoted=True)
    return exp.Select().select(count).from_(audience.subquery(AUDIENCE_ALIAS, copy=True))


def ids_query(audience: exp.Select) -> exp.Select:
    """The audience's ids, sorted (the compiler selects each profile row once)."""
    column = _audience_column(audience)
    return (
        exp.Select()
        .select(column)
        .from_(audience.subquery(AUDIENCE_ALIAS, copy=True))
        .order_by(column.copy())
    )


def sample_query(catalog: Catalog, audience: exp.Select, n: int, seed: int) -> exp.Select:
    """``n`` profile rows of the audience, in a deterministic order given by a hash of the key.

    Sampling orders the already-filtered profiles (a subquery) rather than ``USING SAMPLE``, which
    samples before the WHERE clause.
    """
    profile = catalog.profile.table
    columns = [_column(column.name, profile) for column in catalog.profile_table.columns]
    shuffle = _shuffle(catalog, seed)
    return (
        _from_profile(catalog)
        .select(*columns)
        .where(_in_audience(catalog, audience))
        .order_by(shuffle, _profile_key(catalog))
        .limit(exp.Literal.number(n))
    )


def profiles_query(catalog: Catalog) -> tuple[exp.Select, exp.Column]:
    """Every profile row, sorted by key, and the key column (restricted by ``restrict_to_ids``)."""
    profile = catalog.profile.table
    columns = [_column(column.name, profile) for column in catalog.profile_table.columns]
    select = _from_profile(catalog).select(*columns).order_by(_profile_key(catalog))
    return select, _profile_key(catalog)


SHUFFLE_MULTIPLIER = 2654435761
"""Knuth's multiplicative hash: ((key + seed) × M) mod 2³² orders keys pseudo-randomly."""


def _shuffle(catalog: Catalog, seed: int) -> exp.Expr:
    """A deterministic pseudo-random order of the profiles, whatever the key's type.

    Integer keys: arithmetic (stable since the first release). Other keys (text, UUID): the MD5
    of the key's text and the seed, rendered by sqlglot for every dialect.
    """
    key = _profile_key(catalog)
    if not catalog.integer_keys:
        text = exp.cast(key, exp.DataType.Type.VARCHAR)
        return exp.MD5(this=exp.DPipe(this=text, expression=exp.Literal.string(str(seed))))
    shifted = exp.Paren(this=exp.Add(this=key, expression=exp.Literal.number(seed)))
    product = exp.Paren(
        this=exp.Mul(this=shifted, expression=exp.Literal.number(SHUFFLE_MULTIPLIER))
    )
    return exp.Mod(this=product, expression=exp.Literal.number(2**32))


@dataclass(frozen=True)
class Field:
    """A ``table.column`` resolved against the catalog, usable from the profile row."""

    table: Table
    column: str

    key: str
    """The column of ``table`` that equals the profile key."""

    @property
    def expression(self) -> exp.Column:
        return _column(self.column, self.table.name)

    @property
    def key_expression(self) -> exp.Column:
        return _column(self.key, self.table.name)


def resolve_profile_field(catalog: Catalog, dotted: str) -> Field:
    """A column of the profile table or of a 1:1 table joined to it.

    Raises:
        EngineUsageError: unknown field, or a table with several rows per profile.
    """
    try:
        table, column = catalog.column(dotted)
    except LookupError as error:
        message = say("detail", detail=str(error))
        raise EngineUsageError(message, hint=say("use_table_column")) from error
    if table.kind is TableKind.PROFILE:
        return Field(table, column.name, catalog.profile.key)
    if table.join is None or table.join.relationship is not Relationship.ONE_TO_ONE:
        message = say("field_has_many_rows", field=dotted, table=table.name)
        raise EngineUsageError(message, hint=say("use_one_to_one_field"))
    return Field(table, column.name, table.join.column)


def breakdown_query(catalog: Catalog, audience: exp.Select, dotted: str) -> exp.Select:
    """Audience members per value of a categorical column (not sorted, not truncated).

    Reads the column's own table (profile or 1:1) with a semi-join on the audience, so no join is
    needed; members without a row in a 1:1 table are missing from the result and belong to the
    NULL bucket (the engine adds them: audience size minus the rows counted).
    """
    field = resolve_profile_field(catalog, dotted)
    _, column = catalog.column(dotted)
    if column.pii or column.sensitive:
        raise EngineUsageError(
            say("never_broken_down", field=dotted), hint=_breakdown_hint(catalog)
        )
    if not (column.is_categorical or column.type is ColumnType.BOOLEAN):
        raise EngineUsageError(say("not_categorical", field=dotted), hint=_breakdown_hint(catalog))
    in_audience = exp.In(this=field.key_expression, query=audience.subquery(copy=True))
    return (
        exp.Select()
        .select(
            exp.alias_(field.expression, "bucket", quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "members", quoted=True),
        )
        .from_(sql.table_ref(field.table.name))
        .where(in_audience)
        .group_by(field.expression)
    )


def _breakdown_hint(catalog: Catalog) -> Wording:
    """A few columns of this catalog one can break down by."""
    fields = [
        f"{catalog.profile.table}.{c.name}"
        for c in catalog.profile_table.columns
        if (c.is_categorical or c.type is ColumnType.BOOLEAN) and not (c.pii or c.sensitive)
    ]
    return say("break_down_by", fields=", ".join(fields[:3]) or "-")


@dataclass(frozen=True)
class Reachability:
    """The three predicates on the profile row that make a profile reachable on a channel.

    They are the compiler's own parts (``audience.compiler_targets``), so the waterfall and the
    ``reachable`` rule can never disagree.
    """

    consented: exp.Expr
    not_suppressed: exp.Expr
    has_contact: exp.Expr


def reachability(catalog: Catalog, channel_name: str) -> Reachability:
    """Consent, suppression and contact predicates for ``channel_name`` from the catalog."""
    try:
        catalog.channel(channel_name)
    except LookupError as error:
        names = ", ".join(catalog.channel_names)
        message = say("detail", detail=str(error))
        raise EngineUsageError(message, hint=say("catalog_channels", channels=names)) from error
    return Reachability(
        consented=consent_predicate(catalog, channel_name),
        not_suppressed=not_suppressed_predicate(catalog, channel_name),
        has_contact=contact_predicate(catalog, channel_name),
    )


def _count_if(condition: exp.Expr, name: str) -> exp.Expr:
    case = exp.Case(ifs=[exp.If(this=condition, true=exp.Literal.number(1))])
    return exp.alias_(exp.Count(this=case), name, quoted=True)


def waterfall_query(catalog: Catalog, audience: exp.Select, channel: str) -> exp.Select:
    """One row: matched, consented, not_suppressed, contactable (each step cumulative).

    The three channel flags are computed once per member in a subquery, then counted.
    """
    reach = reachability(catalog, channel)
    flags = (
        _from_profile(catalog)
        .select(
            exp.alias_(reach.consented, "consented", quoted=True),
            exp.alias_(reach.not_suppressed, "not_suppressed", quoted=True),
            exp.alias_(reach.has_contact, "has_contact", quoted=True),
        )
        .where(_in_audience(catalog, audience))
    )
    consented = _column("consented", "flags")
    not_suppressed = exp.and_(consented.copy(), _column("not_suppressed", "flags"))
    contactable = exp.and_(not_suppressed.copy(), _column("has_contact", "flags"))
    return (
        exp.Select()
        .select(
            exp.alias_(exp.Count(this=exp.Star()), "matched", quoted=True),
            _count_if(consented, "consented"),
            _count_if(not_suppressed, "not_suppressed"),
            _count_if(contactable, "contactable"),
        )
        .from_(flags.subquery("flags"))
    )


def eligible_query(catalog: Catalog, channel_name: str) -> tuple[exp.Select, exp.Column]:
    """Every reachable profile's key, contact and export columns for a channel, sorted by key.

    Returns the SELECT (columns: the profile key, the contact named like its column, then the
    channel's ``export_columns``, e.g. a postcode and city for postal mail) and the key column to
    restrict on. The caller restricts it to given keys (``restrict_to_ids``) after the guard has
    seen it. A column of a 1:1 table is read by a scalar subquery on the key: no join, no fan-out.
    """
    reach = reachability(catalog, channel_name)
    channel = catalog.channel(channel_name)
    fields = [resolve_profile_field(catalog, d) for d in (channel.contact, *channel.export_columns)]
    key = _profile_key(catalog)
    columns = [exp.alias_(key, catalog.profile.key, quoted=True)]
    for name, field in zip(_output_names(fields), fields, strict=True):
        columns.append(exp.alias_(_value_of(catalog, field), name, quoted=True))
    select = (
        _from_profile(catalog)
        .select(*columns)
        .where(exp.and_(reach.consented, reach.not_suppressed, reach.has_contact))
        .order_by(key.copy())
    )
    return select, key.copy()


def _value_of(catalog: Catalog, field: Field) -> exp.Expr:
    """The field's value on the profile row: the column itself, or a 1:1 table's scalar subquery."""
    if field.table.name == catalog.profile.table:
        return field.expression
    inner = (
        exp.Select()
        .select(field.expression)
        .from_(sql.table_ref(field.table.name))
        .where(exp.EQ(this=field.key_expression, expression=_profile_key(catalog)))
    )
    return inner.subquery()


def _output_names(fields: list[Field]) -> list[str]:
    """Each field's column name, or ``table_column`` where two fields share a column name."""
    names = [field.column for field in fields]
    return [
        name if names.count(name) == 1 else f"{field.table.name}_{name}"
        for name, field in zip(names, fields, strict=True)
    ]


def restrict_to_ids(select: exp.Select, key: exp.Expr, relation: str, column: str) -> exp.Select:
    """Add ``key IN (SELECT column FROM relation)``: ids passed as a registered relation.

    ``key`` is the key column, or its text when the relation holds text keys (a UUID column).
    """
    relation_table = exp.Table(this=exp.to_identifier(relation, quoted=True))
    inner = exp.Select().select(exp.column(column, relation, quoted=True)).from_(relation_table)
    return select.where(exp.In(this=key.copy(), query=inner.subquery()), copy=True)


def restrict_to_literals(select: exp.Select, key: exp.Expr, ids: Sequence[int | str]) -> exp.Select:
    """``select`` AND ``key IN (literal, …)``: ids travel as sqlglot literals, never as text."""
    values = [exp.Literal.string(i) if isinstance(i, str) else exp.Literal.number(i) for i in ids]
    return select.where(exp.In(this=key.copy(), expressions=values), copy=True)
