"""Consistency checks of a loaded catalog: a tuple of small checks, each returning issues.

``check_catalog`` never raises on a bad catalog: it returns ``Issue`` objects with stable codes and
paths such as ``tables.orders.columns.amount``. The boundary (CLI, UI) decides what to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from languages import say
from schema_catalog.check_runner import Check, run_checks
from schema_catalog.indicator_sql import check_indicator_sql
from schema_catalog.issues import Issue, Severity, worded_issue
from schema_catalog.model import (
    AsOfMode,
    Catalog,
    Column,
    ColumnType,
    Indicator,
    IndicatorDimension,
    IndicatorMode,
    IndicatorType,
    Table,
    TableKind,
)
from schema_catalog.policy_checks import (
    check_channels,
    check_restrictions,
    check_sensitive_topics,
    check_suppression,
)

_NUMERIC = (ColumnType.INTEGER, ColumnType.DECIMAL)
_TEMPORAL = (ColumnType.TIMESTAMP, ColumnType.DATE)


def _duplicates(names: Iterable[str]) -> list[str]:
    return sorted(name for name, count in Counter(names).items() if count > 1)


def check_duplicate_names(catalog: Catalog) -> Iterator[Issue]:
    """Tables, sources, indicators, channels, and columns within a table, each named once."""
    groups = {
        "tables": [t.name for t in catalog.tables],
        "sources": [s.name for s in catalog.sources],
        "indicators": [i.name for i in catalog.indicators],
        "channels": list(catalog.channel_names),
    }
    for kind, names in groups.items():
        for name in _duplicates(names):
            message = say("name_defined_twice", group=kind, name=name)
            yield worded_issue("duplicate_name", f"{kind}.{name}", message)
    for table in catalog.tables:
        for name in _duplicates(c.name for c in table.columns):
            message = say("column_defined_twice", name=name, table_name=table.name)
            yield worded_issue("duplicate_name", f"tables.{table.name}.columns.{name}", message)


def check_sources(catalog: Catalog) -> Iterator[Issue]:
    """Every source a table or indicator names is declared in ``sources.yml``."""
    known = {source.name for source in catalog.sources}
    owners = [(f"tables.{t.name}", t.sources) for t in catalog.tables]
    owners += [(f"indicators.{i.name}", i.sources) for i in catalog.indicators]
    for path, sources in owners:
        for name in sources:
            if name not in known:
                hint = say("known_sources", sources=", ".join(sorted(known)))
                message = say("unknown_source", name=name)
                yield worded_issue("unknown_source", f"{path}.sources", message, hint)
    for source in catalog.sources if _fixed_instant(catalog) else ():
        if source.last_refreshed_at > catalog.as_of:
            yield worded_issue(
                "source_refreshed_after_as_of", f"sources.{source.name}.last_refreshed_at",
                say("source_refreshed_after_as_of", name=source.name), severity=Severity.WARNING,
            )  # fmt: skip


def _check_since(catalog: Catalog, table: Table) -> Iterator[Issue]:
    """``profile.since`` names a date or timestamp column of the profile table."""
    since = catalog.profile.since
    if since is None:
        return
    column = table.column(since) if table.has_column(since) else None
    if column is None or column.type not in (ColumnType.DATE, ColumnType.TIMESTAMP):
        message = say("profile_since_not_a_date", name=since, table_name=table.name)
        hint = say("name_since_column")
        yield worded_issue("profile_since_not_a_date", "profile.since", message, hint)


def check_profile(catalog: Catalog) -> Iterator[Issue]:
    """The profile table exists, has the profile key, and is of kind ``profile``."""
    if not catalog.has_table(catalog.profile.table):
        message = say("unknown_profile_table", table_name=catalog.profile.table)
        yield worded_issue("unknown_profile_table", "profile.table", message)
        return
    table = catalog.table(catalog.profile.table)
    if not table.has_column(catalog.profile.key):
        message = say("unknown_profile_key", name=catalog.profile.key, table_name=table.name)
        hint = say("see_doc", section="profile")
        yield worded_issue("unknown_profile_key", "profile.key", message, hint)
    yield from _check_since(catalog, table)
    if table.kind is not TableKind.PROFILE:
        yield worded_issue(
            "profile_table_kind", f"tables.{table.name}.kind",
            say("profile_table_kind", table_name=table.name), severity=Severity.WARNING,
        )  # fmt: skip


def check_joins(catalog: Catalog) -> Iterator[Issue]:
    """Every non-profile table joins to a known table through one of its own columns."""
    for table in catalog.tables:
        path = f"tables.{table.name}.join"
        if table.name == catalog.profile.table:
            continue
        if table.join is None:
            message, hint = say("missing_join", table_name=table.name), say("add_join")
            yield worded_issue("missing_join", path, message, hint)
            continue
        if not table.has_column(table.join.column):
            message = say("unknown_join_column", name=table.join.column, table_name=table.name)
            yield worded_issue("unknown_join_column", f"{path}.column", message)
        target = table.join.to_table
        if target is not None and not catalog.has_table(target):
            message = say("unknown_join_target", table_name=table.name, name=target)
            yield worded_issue("unknown_join_target", f"{path}.to_table", message)


def check_keys(catalog: Catalog) -> Iterator[Issue]:
    """A table's declared key is one of its columns."""
    for table in catalog.tables:
        if table.key is not None and not table.has_column(table.key):
            message = say("unknown_key_column", name=table.key, table_name=table.name)
            yield worded_issue("unknown_key_column", f"tables.{table.name}.key", message)


def check_allowed_values(catalog: Catalog) -> Iterator[Issue]:
    """Allowed values only on string columns; value synonyms only for allowed values."""
    for table in catalog.tables:
        for column in table.columns:
            path = f"tables.{table.name}.columns.{column.name}"
            if column.allowed_values is not None and column.type is not ColumnType.STRING:
                message = say("column_lists_values", name=column.name, kind=column.type.value)
                hint = say("only_strings_categorical")
                yield worded_issue(
                    "allowed_values_on_non_categorical", f"{path}.allowed_values", message, hint
                )
            allowed = set(column.allowed_values or ())
            yield from _unlisted("unknown_value_synonym", f"{path}.value_synonyms",
                                 column.value_synonyms, allowed)  # fmt: skip


def check_scale_types(catalog: Catalog) -> Iterator[Issue]:
    """A scale (0 to 1, 0 to 100) only on number columns and number indicators."""
    for table in catalog.tables:
        for column in table.columns:
            if column.scale is not None and column.type not in _NUMERIC:
                message = say("column_scale", name=column.name, kind=column.type.value)
                yield worded_issue(
                    "scale_on_non_number", f"tables.{table.name}.columns.{column.name}.scale",
                    message, say("only_numbers_scale"),
                )  # fmt: skip
    for indicator in catalog.indicators:
        if indicator.scale is not None and indicator.type is not IndicatorType.NUMBER:
            message = say(
                "indicator_scale", name=indicator.name, indicator_kind=indicator.type.value
            )
            yield worded_issue(
                "scale_on_non_number", f"indicators.{indicator.name}.scale", message,
                say("only_number_indicators_scale"),
            )  # fmt: skip


def check_value_labels(catalog: Catalog) -> Iterator[Issue]:
    """Value labels only for values the column, indicator or dimension allows."""
    for path, owner, allowed in _valued(catalog):
        yield from _unlisted("unknown_value_label", f"{path}.value_labels",
                             owner.value_labels, allowed)  # fmt: skip


def _unlisted(code: str, path: str, values: Iterable[str], allowed: set[str]) -> Iterator[Issue]:
    """A warning for each of ``values`` (keys of a per-value mapping) that is not allowed
    (``code``: ``unknown_value_label`` or ``unknown_value_synonym``)."""
    labels = code == "unknown_value_label"
    for value in values:
        if value not in allowed:
            message = say(
                "labels_for_unknown_value" if labels else "synonyms_for_unknown_value", value=value
            )
            yield worded_issue(
                code, f"{path}.{value}", message,
                say("fix_or_allow_value"), severity=Severity.WARNING,
            )  # fmt: skip


def _valued(
    catalog: Catalog,
) -> Iterator[tuple[str, Column | Indicator | IndicatorDimension, set[str]]]:
    """Everything that may label its values: (path, owner, its allowed values)."""
    for table in catalog.tables:
        for column in table.columns:
            path = f"tables.{table.name}.columns.{column.name}"
            yield path, column, set(column.allowed_values or ())
    for indicator in catalog.indicators:
        yield f"indicators.{indicator.name}", indicator, set(indicator.allowed_values or ())
        if indicator.dimension is not None:
            allowed = set(indicator.dimension.allowed_values)
            yield f"indicators.{indicator.name}.dimension", indicator.dimension, allowed


def check_event_tables(catalog: Catalog) -> Iterator[Issue]:
    """Event tables have a temporal timestamp column; dimensions and measures are columns."""
    for table in catalog.event_tables:
        yield from _event_timestamp(table)
        for name in table.dimensions:
            if not table.has_column(name):
                message = say("unknown_dimension", name=name, table_name=table.name)
                yield worded_issue("unknown_dimension", f"tables.{table.name}.dimensions", message)
        for name in table.measures:
            if not table.has_column(name):
                message = say("unknown_measure", name=name, table_name=table.name)
                yield worded_issue("unknown_measure", f"tables.{table.name}.measures", message)
            elif table.column(name).type not in _NUMERIC:
                message = say("measure_not_numeric", name=name, table_name=table.name)
                yield worded_issue("measure_not_numeric", f"tables.{table.name}.measures", message)


def _event_timestamp(table: Table) -> Iterator[Issue]:
    path = f"tables.{table.name}.timestamp"
    if table.timestamp is None:
        message = say("event_missing_timestamp", table_name=table.name)
        yield worded_issue("event_missing_timestamp", path, message, say("name_timestamp"))
    elif not table.has_column(table.timestamp):
        message = say("unknown_timestamp_column", name=table.timestamp, table_name=table.name)
        yield worded_issue("unknown_timestamp_column", path, message)
    elif table.column(table.timestamp).type not in _TEMPORAL:
        message = say("timestamp_not_temporal", name=table.timestamp, table_name=table.name)
        hint = say("see_doc", section="event-tables")
        yield worded_issue("timestamp_not_temporal", path, message, hint)


def check_indicators(catalog: Catalog) -> Iterator[Issue]:
    """Dynamic indicators have valid SQL over known columns; snapshots name real columns."""
    for indicator in catalog.indicators:
        path = f"indicators.{indicator.name}"
        if indicator.type is IndicatorType.CATEGORY and not indicator.allowed_values:
            message = say("indicator_missing_allowed_values", name=indicator.name)
            yield worded_issue(
                "indicator_missing_allowed_values", f"{path}.allowed_values", message
            )
        if indicator.allowed_values and indicator.type is not IndicatorType.CATEGORY:
            message = say(
                "indicator_lists_values", name=indicator.name, indicator_kind=indicator.type.value
            )
            yield worded_issue(
                "allowed_values_on_non_categorical", f"{path}.allowed_values", message
            )
        if indicator.mode is IndicatorMode.DYNAMIC:
            if indicator.sql is None:
                message = say("indicator_missing_sql", name=indicator.name)
                yield worded_issue("indicator_missing_sql", f"{path}.sql", message)
            else:
                yield from check_indicator_sql(catalog, f"{path}.sql", indicator.sql)
        else:
            yield from _snapshot_columns(catalog, indicator)


def _snapshot_columns(catalog: Catalog, indicator: Indicator) -> Iterator[Issue]:
    name = indicator.name
    path = f"indicators.{name}"
    if indicator.table is None or not catalog.has_table(indicator.table):
        message = say("indicator_unknown_table", name=name, table_name=str(indicator.table))
        yield worded_issue("indicator_unknown_table", f"{path}.table", message)
        return
    table = catalog.table(indicator.table)
    wanted = [("value_column", indicator.value_column)]
    if indicator.dimension is not None:
        wanted.append(("dimension.column", indicator.dimension.column))
    for field, column in wanted:
        if not table.has_column(column):
            message = say("indicator_unknown_column", name=column, table_name=table.name)
            yield worded_issue("indicator_unknown_column", f"{path}.{field}", message)


def check_snapshot_freshness(catalog: Catalog) -> Iterator[Issue]:
    """A snapshot is recomputed no faster than its fastest source refreshes; not in the future."""
    known = {source.name: source for source in catalog.sources}
    for indicator in catalog.indicators:
        if indicator.mode is not IndicatorMode.SNAPSHOT:
            continue
        path = f"indicators.{indicator.name}"
        if indicator.cadence is None or indicator.computed_at is None:
            message = say("snapshot_missing_schedule", name=indicator.name)
            yield worded_issue("snapshot_missing_schedule", path, message)
            continue
        names = indicator.sources or _table_sources(catalog, indicator.table)
        refreshes = [known[s].refresh.interval for s in names if s in known]
        if refreshes and indicator.cadence.interval < min(refreshes):
            message = say(
                "snapshot_cadence_too_fast", name=indicator.name, cadence=indicator.cadence.value
            )
            hint = say("slow_the_cadence")
            yield worded_issue("snapshot_cadence_too_fast", f"{path}.cadence", message, hint)
        if _fixed_instant(catalog) and indicator.computed_at > catalog.as_of:
            yield worded_issue(
                "snapshot_computed_after_as_of", f"{path}.computed_at",
                say("snapshot_computed_after_as_of", name=indicator.name),
                severity=Severity.WARNING,
            )  # fmt: skip


def _fixed_instant(catalog: Catalog) -> bool:
    """Whether refresh and computation times are compared with ``as_of``: not with ``latest``,
    whose instant comes from the data (a refresh or snapshot after the newest event is the
    normal case), nor with a ``now`` not yet read from the clock."""
    return catalog.as_of_mode is not AsOfMode.LATEST and not catalog.as_of_pending


def _table_sources(catalog: Catalog, name: str | None) -> tuple[str, ...]:
    return catalog.table(name).sources if name and catalog.has_table(name) else ()


DEFAULT_CHECKS: tuple[Check[Catalog], ...] = (
    check_duplicate_names,
    check_sources,
    check_profile,
    check_joins,
    check_keys,
    check_allowed_values,
    check_scale_types,
    check_value_labels,
    check_event_tables,
    check_indicators,
    check_snapshot_freshness,
    check_channels,
    check_suppression,
    check_restrictions,
    check_sensitive_topics,
)
"""The checks ``check_catalog`` runs, in order."""


def check_catalog(
    catalog: Catalog, checks: Iterable[Check[Catalog]] = DEFAULT_CHECKS
) -> list[Issue]:
    """Run the consistency checks and return every issue found (empty when the catalog is sound).

    Each check is crash-isolated: a check that raises yields an ``internal_check_error`` issue.
    """
    return run_checks(checks, catalog)
