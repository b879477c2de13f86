"""How the catalog's names read to a marketer in a language: table, column, indicator, value and
people labels, from the catalog (else humanised names), for the describer and problem texts."""

from __future__ import annotations

from dataclasses import dataclass

from audience.rules.describe_words import DescribeWords, describe_words
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog


@dataclass(frozen=True)
class LabelContext:
    """The catalog, the language's describe words and the language: what every label reads."""

    catalog: Catalog
    words: DescribeWords
    lang: Lang

    @classmethod
    def of(cls, catalog: Catalog, lang: Lang) -> LabelContext:
        return cls(catalog, describe_words(lang), lang)


def humanise(name: str) -> str:
    return name.replace("_", " ")


def table_label_of(ctx: LabelContext, name: str) -> str:
    """The table's label in the language, else its humanised name."""
    if not ctx.catalog.has_table(name):
        return humanise(name)
    return ctx.catalog.table(name).label_in(ctx.lang, humanise(name))


def column_label_of(ctx: LabelContext, table: str, column: str) -> str:
    """The column's label in the language, else its humanised name."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return humanise(column)
    return ctx.catalog.table(table).column(column).label_in(ctx.lang, humanise(column))


def field_label_of(ctx: LabelContext, dotted: str) -> str:
    table, _, column = dotted.partition(".")
    if table == ctx.catalog.profile.table:
        return column_label_of(ctx, table, column)
    return f"{column_label_of(ctx, table, column)} ({table_label_of(ctx, table)})"


def field_label(catalog: Catalog, dotted: str, lang: Lang = DEFAULT_LANG) -> str:
    """How a ``table.column`` reads to a marketer: its label (profile columns without their
    table), else its humanised name.

    >>> from schema_catalog import load_catalog
    >>> field_label(load_catalog(), "customers.loyalty_tier", "fr")
    'niveau de fidélité'
    """
    return field_label_of(LabelContext.of(catalog, lang), dotted)


def field_values(catalog: Catalog, dotted: str, lang: Lang = DEFAULT_LANG) -> dict[str, str]:
    """The values of a ``table.column`` that have a label in ``lang``: {stored: label}.

    >>> from schema_catalog import load_catalog
    >>> field_values(load_catalog(), "customers.loyalty_tier", "de")["silver"]
    'Silber'
    """
    table, _, column = dotted.partition(".")
    return column_values_of(LabelContext.of(catalog, lang), table, column)


def event_label(catalog: Catalog, event: str, lang: Lang = DEFAULT_LANG) -> str:
    """How an event table reads to a marketer: its label, e.g. 'commandes'."""
    return table_label_of(LabelContext.of(catalog, lang), event)


def column_label(catalog: Catalog, table: str, column: str, lang: Lang = DEFAULT_LANG) -> str:
    """How one column of a table reads to a marketer: its label, e.g. 'store city'."""
    return column_label_of(LabelContext.of(catalog, lang), table, column)


def indicator_label(catalog: Catalog, name: str, lang: Lang = DEFAULT_LANG) -> str:
    """How an indicator reads to a marketer: its label in ``lang``, else its label, else its name.

    >>> from schema_catalog import load_catalog
    >>> indicator_label(load_catalog(), "churn_risk"), indicator_label(load_catalog(), "x")
    ('Churn risk', 'x')
    """
    known = {indicator.name: indicator for indicator in catalog.indicators}
    indicator = known.get(name)
    return (indicator.labels.get(lang) or indicator.label) if indicator else name


def column_values_of(ctx: LabelContext, table: str, column: str) -> dict[str, str]:
    """The column's values that have a label in the language, with that label."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return {}
    return ctx.catalog.table(table).column(column).value_labels_in(ctx.lang)


def column_unit_of(ctx: LabelContext, table: str, column: str) -> str | None:
    """The unit a column's numbers count in ('€'), when the catalog gives one."""
    if not ctx.catalog.has_table(table) or not ctx.catalog.table(table).has_column(column):
        return None
    return ctx.catalog.table(table).column(column).unit


def people_label(catalog: Catalog, lang: Lang = DEFAULT_LANG) -> str:
    """What the audience's members are called in ``lang``, capitalised: the catalog's profile
    label, or the language's default word.

    >>> from schema_catalog import load_catalog
    >>> people_label(load_catalog(), "fr"), people_label(load_catalog(), "de")
    ('Clients', 'Kunden')
    """
    return people_of(LabelContext.of(catalog, lang))


def people_of(ctx: LabelContext) -> str:
    """What members are called: the catalog's profile label, or the language's default word."""
    profile = ctx.catalog.profile
    named = profile.label != "customer" or profile.plural is not None
    if named or ctx.lang in profile.labels or ctx.lang in profile.plurals:
        people = profile.people(ctx.lang)
        return people[:1].upper() + people[1:]
    return ctx.words.people
