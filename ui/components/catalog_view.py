"""Rows for the Catalog page: the catalog model flattened into tables a person can scan."""

from __future__ import annotations

from schema_catalog import Catalog, Indicator, IndicatorMode, Table

Row = dict[str, str | int | float | bool | None]


def source_rows(catalog: Catalog) -> list[Row]:
    """One row per source with its refresh cadence and last refresh."""
    return [
        {
            "source": source.label,
            "name": source.name,
            "refresh": source.refresh.value,
            "last refreshed (UTC)": source.last_refreshed_at.strftime("%Y-%m-%d %H:%M"),
            "description": source.description,
        }
        for source in catalog.sources
    ]


def table_rows(catalog: Catalog) -> list[Row]:
    """One row per table: kind, sources, how it joins to the profile."""
    return [
        {
            "table": table.name,
            "kind": table.kind.value,
            "sources": ", ".join(table.sources),
            "joins on": _join_text(table),
            "when": table.timestamp,
            "description": table.description,
        }
        for table in catalog.tables
    ]


def _join_text(table: Table) -> str:
    if table.join is None:
        return "profile"
    target = table.join.to_table or "profile"
    return f"{table.join.column} → {target} ({table.join.relationship.value})"


def field_rows(table: Table) -> list[Row]:
    """One row per column with its description, synonyms and allowed values."""
    return [
        {
            "field": f"{table.name}.{column.name}",
            "type": column.type.value,
            "description": column.description,
            "synonyms": ", ".join(column.synonyms),
            "allowed values": ", ".join(column.allowed_values or ()),
            "PII": column.pii,
        }
        for column in table.columns
    ]


def indicator_rows(catalog: Catalog) -> list[Row]:
    """One row per indicator with its mode and, for snapshots, cadence and computed-at."""
    return [_indicator_row(indicator) for indicator in catalog.indicators]


def _indicator_row(indicator: Indicator) -> Row:
    computed = indicator.computed_at.strftime("%Y-%m-%d %H:%M") if indicator.computed_at else None
    return {
        "indicator": indicator.label,
        "name": indicator.name,
        "mode": indicator.mode.value,
        "freshness": freshness_text(indicator),
        "type": indicator.type.value,
        "values": ", ".join(indicator.allowed_values or ()),
        "cadence": indicator.cadence.value if indicator.cadence else None,
        "computed at (UTC)": computed,
        "synonyms": ", ".join(indicator.synonyms),
        "description": indicator.description,
    }


def freshness_text(indicator: Indicator) -> str:
    """'computed at query time' for dynamic indicators, 'snapshot of …' for snapshot ones."""
    if indicator.mode is IndicatorMode.DYNAMIC or indicator.computed_at is None:
        return "dynamic: computed at query time"
    cadence = f", refreshed {indicator.cadence.value}" if indicator.cadence else ""
    return f"snapshot computed {indicator.computed_at:%Y-%m-%d %H:%M} UTC{cadence}"


def channel_rows(catalog: Catalog) -> list[Row]:
    """One row per activation channel: consent flag and contact column."""
    return [
        {"channel": channel.label, "consent": channel.consent, "contact": channel.contact}
        for channel in catalog.channels
    ]
