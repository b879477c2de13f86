"""The engine's queries around a compiled audience, built from sqlglot expressions only.

The audience is the compiler's SELECT of profile ids. Each builder here wraps it: counting,
listing ids, sampling profiles, breaking down by a column, the per-channel eligibility waterfall
and the export's contact list. Names come from the catalog and become quoted identifiers; values
become literals. Semi-joins (``key IN (SELECT ...)``) everywhere, never fan-out joins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from audience import sql_parts as sql
from audience.compiler_targets import (
    consent_predicate,
    contact_predicate,
    not_suppressed_predicate,
)
from audience.errors import EngineUsageError
from schema_catalog.model import Catalog, ColumnType, Relationship, Table, TableKind

AUDIENCE_ALIAS = "audience"


def _table(table: Table, alias: str) -> exp.Table:
    return exp.table_(exp.to_identifier(table.name, quoted=True), alias=alias)


def _column(name: str, table_alias: str) -> exp.Column:
    return exp.column(name, table_alias, quoted=True)


def _profile_key(catalog: Catalog) -> exp.Column:
    # The profile table is not aliased: the compiler's predicates name it by its table name.
    return sql.profile_key(catalog)


def _from_profile(catalog: Catalog) -> exp.Select:
    return exp.Select().from_(sql.table_ref(catalog.profile.table))


def _audience_column(audience: exp.Select) -> exp.Column:
    return _column(audience.named_selects[0], AUDIENCE_ALIAS)


def _in_audience(catalog: Catalog, audience: exp.Select) -> exp.Expression:
    return exp.In(this=_profile_key(catalog), query=audience.subquery(copy=True))


def count_query(audience: exp.Select) -> exp.Select:
    """``SELECT COUNT(*) FROM (audience)``."""
    count = exp.alias_(exp.Count(this=exp.Star()), "audience_count", quoted=True)
    return exp.Select().select(count).from_(audience.subquery(AUDIENCE_ALIAS, copy=True))


def ids_query(audience: exp.Select) -> exp.Select:
    """The audience's distinct ids, sorted."""
    column = _audience_column(audience)
    return (
        exp.Select()
        .select(column)
        .distinct()
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
    shuffle = exp.Anonymous(this="hash", expressions=[_profile_key(catalog), exp.convert(seed)])
    return (
        _from_profile(catalog)
        .select(*columns)
        .where(_in_audience(catalog, audience))
        .order_by(shuffle, _profile_key(catalog))
        .limit(exp.Literal.number(n))
    )


@dataclass(frozen=True)
class Field:
    """A ``table.column`` resolved against the catalog, usable from the profile row."""

    table: Table
    column: str
    alias: str

    @property
    def expression(self) -> exp.Column:
        return _column(self.column, self.alias)


def resolve_profile_field(catalog: Catalog, dotted: str) -> Field:
    """A column of the profile table or of a 1:1 table joined to it.

    Raises:
        EngineUsageError: unknown field, or a table with several rows per profile.
    """
    try:
        table, column = catalog.column(dotted)
    except LookupError as error:
        raise EngineUsageError(f"{error} Use 'table.column' from the catalog.") from error
    if table.kind is TableKind.PROFILE:
        return Field(table, column.name, table.name)
    if table.join is None or table.join.relationship is not Relationship.ONE_TO_ONE:
        raise EngineUsageError(
            f"Field {dotted!r} is in {table.name!r}, which has several rows per "
            f"{catalog.profile.label}; use a column of the profile or of a 1:1 table."
        )
    return Field(table, column.name, f"t_{table.name}")


def _join_field(catalog: Catalog, select: exp.Select, field: Field) -> exp.Select:
    if field.table.kind is TableKind.PROFILE:
        return select
    assert field.table.join is not None
    on = exp.EQ(
        this=_column(field.table.join.column, field.alias), expression=_profile_key(catalog)
    )
    return select.join(_table(field.table, field.alias), on=on, join_type="left")


def breakdown_query(catalog: Catalog, audience: exp.Select, dotted: str, top: int) -> exp.Select:
    """Audience members per value of a categorical column, largest first; NULL is a bucket."""
    field = resolve_profile_field(catalog, dotted)
    _, column = catalog.column(dotted)
    if not (column.is_categorical or column.type is ColumnType.BOOLEAN):
        raise EngineUsageError(
            f"Field {dotted!r} is not categorical (no allowed values, not boolean); break down by "
            "a column such as 'customers.country' or 'consents.email_optin'."
        )
    value = exp.alias_(field.expression, "bucket", quoted=True)
    members = exp.alias_(exp.Count(this=exp.Star()), "members", quoted=True)
    select = _join_field(catalog, _from_profile(catalog).select(value, members), field)
    return (
        select.where(_in_audience(catalog, audience))
        .group_by(field.expression)
        .order_by(
            exp.Ordered(this=exp.Count(this=exp.Star()), desc=True),
            exp.Ordered(this=field.expression, nulls_first=False),
        )
        .limit(exp.Literal.number(top))
    )


@dataclass(frozen=True)
class Reachability:
    """The three predicates on the profile row that make a profile reachable on a channel.

    They are the compiler's own parts (``audience.compiler_targets``), so the waterfall and the
    ``reachable`` rule can never disagree.
    """

    consented: exp.Expression
    not_suppressed: exp.Expression
    has_contact: exp.Expression


def reachability(catalog: Catalog, channel_name: str) -> Reachability:
    """Consent, suppression and contact predicates for ``channel_name`` from the catalog."""
    try:
        catalog.channel(channel_name)
    except LookupError as error:
        names = ", ".join(channel.name.value for channel in catalog.channels)
        raise EngineUsageError(f"{error} Channels: {names}.") from error
    return Reachability(
        consented=consent_predicate(catalog, channel_name),
        not_suppressed=not_suppressed_predicate(catalog, channel_name),
        has_contact=contact_predicate(catalog, channel_name),
    )


def _count_if(condition: exp.Expression, name: str) -> exp.Expression:
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


def eligible_query(catalog: Catalog, channel_name: str) -> tuple[exp.Select, str]:
    """Every reachable profile's key and contact for a channel, sorted by key; and the contact name.

    The caller restricts it to given ids (``restrict_to_ids``) after the guard has seen it.
    """
    reach = reachability(catalog, channel_name)
    contact = resolve_profile_field(catalog, catalog.channel(channel_name).contact)
    select = _from_profile(catalog).select(
        _profile_key(catalog), exp.alias_(contact.expression, contact.column, quoted=True)
    )
    select = _join_field(catalog, select, contact)
    where = exp.and_(reach.consented, reach.not_suppressed, reach.has_contact)
    return select.where(where).order_by(_profile_key(catalog)), contact.column


def restrict_to_ids(catalog: Catalog, select: exp.Select, relation: str, column: str) -> exp.Select:
    """Add ``p.key IN (SELECT column FROM relation)`` — ids passed as a registered relation."""
    inner = exp.Select().select(exp.column(column, quoted=True)).from_(exp.table_(relation))
    return select.where(exp.In(this=_profile_key(catalog), query=inner.subquery()), copy=True)
