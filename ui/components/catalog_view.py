"""Rows for the Catalog page: the catalog model flattened into tables a person can scan, headed
and worded in the page's language (``catalog`` words of ``app.yml``), with the catalog's labels
in that language where it has them."""

from __future__ import annotations

from datetime import datetime

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


def source_rows(catalog: Catalog, said: CatalogWords) -> list[Row]:
    """One row per source with its refresh cadence and last refresh."""
    return [
        _row(said, {
            "source": source.label,
            "name": source.name,
            "refresh": said.cadences.of(source.refresh.value),
            "last_refreshed": _minute(source.last_refreshed_at),
            "description": source.description,
        })
        for source in catalog.sources
    ]  # fmt: skip


def table_rows(catalog: Catalog, said: CatalogWords, lang: str) -> list[Row]:
    """One row per table: its label, kind, sources, how it joins to the profile."""
    return [
        _row(said, {
            "table": table.name,
            "label": table.label_in(lang, table.name.replace("_", " ")),
            "kind": said.kinds.of(table.kind.value),
            "sources": ", ".join(table.sources),
            "joins_on": _join_text(table, said),
            "when": table.timestamp,
            "description": table.description,
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


def field_rows(table: Table, said: CatalogWords, lang: str) -> list[Row]:
    """One row per column: its label, type, description, synonyms and allowed values (each
    by its label in ``lang`` where the catalog has one)."""
    return [
        _row(said, {
            "field": f"{table.name}.{column.name}",
            "label": column.label_in(lang, column.name.replace("_", " ")),
            "type": said.types.of(column.type.value),
            "description": column.description,
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
    return [_indicator_row(indicator, said, lang) for indicator in catalog.indicators]


def _indicator_row(indicator: Indicator, said: CatalogWords, lang: str) -> Row:
    values = (indicator.value_label(value, lang) for value in indicator.allowed_values or ())
    return _row(said, {
        "indicator": indicator.labels.get(lang) or indicator.label,
        "name": indicator.name,
        "mode": said.modes.of(indicator.mode.value),
        "freshness": freshness_text(indicator, said),
        "type": said.types.of(indicator.type.value),
        "values": ", ".join(values),
        "cadence": said.cadences.of(indicator.cadence.value) if indicator.cadence else None,
        "computed_at": _minute(indicator.computed_at),
        "synonyms": ", ".join(indicator.synonyms),
        "description": indicator.description,
    })  # fmt: skip


def freshness_text(indicator: Indicator, said: CatalogWords) -> str:
    """'dynamic: computed at query time', or 'snapshot computed … UTC, refreshed weekly'."""
    if indicator.mode is IndicatorMode.DYNAMIC or indicator.computed_at is None:
        return said.dynamic
    cadence = said.cadences.of(indicator.cadence.value) if indicator.cadence else "—"
    return said.snapshot.format(at=_minute(indicator.computed_at), cadence=cadence)


def channel_rows(catalog: Catalog, said: CatalogWords) -> list[Row]:
    """One row per activation channel: consent flag and contact column."""
    return [
        _row(said, {"channel": c.label, "consent": c.consent, "contact": c.contact})
        for c in catalog.channels
    ]
