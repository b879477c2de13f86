"""Rows for the Catalog page: the catalog model flattened into tables a person can scan, headed
and worded in the page's language (``catalog`` words of ``app.yml``), with the catalog's labels
in that language where it has them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from assistant import language_of
from audience.rules import problem_text
from languages import language_name
from schema_catalog import Catalog, Indicator, IndicatorMode, Table, instant_text
from ui.components.page_words import CatalogWords

Row = dict[str, str | int | float | bool | None]


def _row(said: CatalogWords, cells: Row) -> Row:
    """``cells`` keyed by column code, as a row keyed by the columns' headers."""
    return said.columns.head(cells)


def _minute(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else None


def as_of_line(catalog: Catalog, said: CatalogWords) -> str:
    """'Data as of 2026-10-01 00:00 UTC (fixed in the catalog).', in ``said``'s language."""
    source = said.as_of_source.of(catalog.as_of_mode.value)
    return said.as_of.format(as_of=instant_text(catalog.as_of), source=source)


class Localiser:
    """The catalog's words in the page's language ``lang``: its translation where the catalog
    has one, else its own words (written in ``catalog.language``) marked as not translated."""

    def __init__(self, catalog: Catalog, said: CatalogWords, lang: str) -> None:
        self.said, self.lang, self.source = said, lang, catalog.language

    def __call__(self, own: Mapping[str, str], default: str | None) -> str:
        """``own[lang]``, else ``default`` marked (unless the page speaks the catalog's
        language, or there is nothing to mark)."""
        if self.lang in own:
            return own[self.lang]
        if not default or self.lang == self.source:
            return default or ""
        return self.said.untranslated.format(text=default, language=language_name(self.source))


def source_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per source with its refresh cadence and last refresh (label and description in
    ``lang`` where the catalog has them)."""
    local = Localiser(catalog, said, lang)
    return [
        _row(said, {
            "source": local(source.labels, source.label),
            "name": source.name,
            "refresh": said.cadences.of(source.refresh.value),
            "last_refreshed": _minute(source.last_refreshed_at),
            "description": local(source.descriptions, source.description),
        })
        for source in catalog.sources
    ]  # fmt: skip


def table_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per table: its label, kind, sources, how it joins to the profile."""
    local = Localiser(catalog, said, lang)
    return [
        _row(said, {
            "table": table.name,
            "label": local(table.labels, table.label or table.name.replace("_", " ")),
            "kind": said.kinds.of(table.kind.value),
            "sources": ", ".join(table.sources),
            "joins_on": _join_text(table, said),
            "when": table.timestamp,
            "description": local(table.descriptions, table.description),
        })
        for table in catalog.tables
    ]  # fmt: skip


def table_choice(table: Table, lang: str) -> str:
    """A table as a picker shows it: 'commandes (orders)', or its name when the catalog has no
    label for it in ``lang``."""
    label = table.labels.get(lang) or table.label
    return f"{label} ({table.name})" if label else table.name


def _join_text(table: Table, said: CatalogWords) -> str:
    if table.join is None:
        return said.profile
    target = table.join.to_table or said.profile
    relationship = said.relationships.of(table.join.relationship.value)
    return f"{table.join.column} → {target} ({relationship})"


def field_rows(catalog: Catalog, table: Table, said: CatalogWords, lang: str) -> list[Row]:
    """One row per column: its label, type, description, synonyms and allowed values (each
    by its label in ``lang`` where the catalog has one)."""
    local = Localiser(catalog, said, lang)
    return [
        _row(said, {
            "field": f"{table.name}.{column.name}",
            "label": local(column.labels, column.label or column.name.replace("_", " ")),
            "type": said.types.of(column.type.value),
            "description": local(column.descriptions, column.description),
            "synonyms": ", ".join(column.synonyms),
            "allowed_values": ", ".join(
                column.value_label(value, lang) for value in column.allowed_values or ()
            ),
            "pii": column.pii,
        })
        for column in table.columns
    ]  # fmt: skip


def indicator_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per indicator with its mode and, for snapshots, cadence and computed-at."""
    local = Localiser(catalog, said, lang)
    return [_indicator_row(indicator, said, lang, local) for indicator in catalog.indicators]


def _indicator_row(indicator: Indicator, said: CatalogWords, lang: str, local: Localiser) -> Row:
    values = (indicator.value_label(value, lang) for value in indicator.allowed_values or ())
    return _row(said, {
        "indicator": local(indicator.labels, indicator.label),
        "name": indicator.name,
        "mode": said.modes.of(indicator.mode.value),
        "freshness": freshness_text(indicator, said),
        "type": said.types.of(indicator.type.value),
        "values": ", ".join(values),
        "cadence": said.cadences.of(indicator.cadence.value) if indicator.cadence else None,
        "computed_at": _minute(indicator.computed_at),
        "synonyms": ", ".join(indicator.synonyms),
        "description": local(indicator.descriptions, indicator.description),
    })  # fmt: skip


def freshness_text(indicator: Indicator, said: CatalogWords) -> str:
    """'dynamic: computed at query time', or 'snapshot computed … UTC, refreshed weekly'."""
    if indicator.mode is IndicatorMode.DYNAMIC or indicator.computed_at is None:
        return said.dynamic
    cadence = said.cadences.of(indicator.cadence.value) if indicator.cadence else "—"
    return said.snapshot.format(at=_minute(indicator.computed_at), cadence=cadence)


def channel_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per activation channel, by its label in ``lang``: consent flag and contact
    column."""
    return [
        _row(said, {"channel": c.label_in(lang), "consent": c.consent, "contact": c.contact})
        for c in catalog.channels
    ]


def restriction_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per restriction: whom it protects (the packs' words, the field by its label in
    ``lang``) and why (the catalog's reason in ``lang``, marked where it has none)."""
    local = Localiser(catalog, said, lang)
    return [
        _row(said, {
            "restriction": restriction.name,
            "protected": problem_text(restriction.wording(), language_of(lang), catalog),
            "reason": local(restriction.reasons, restriction.reason),
        })
        for restriction in catalog.targeting.restrictions
    ]  # fmt: skip


def topic_lines(catalog: Catalog, said: CatalogWords, lang: str) -> list[str]:
    """Each sensitive topic's reason in ``lang`` (marked where the catalog has none)."""
    local = Localiser(catalog, said, lang)
    return [local(topic.reasons, topic.reason) for topic in catalog.targeting.sensitive_topics]
