"""Consistency checks of a loaded catalog: a tuple of small checks, each returning issues.

``check_catalog`` never raises on a bad catalog: it returns ``Issue`` objects with stable codes and
paths such as ``tables.orders.columns.amount``. The boundary (CLI, UI) decides what to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from schema_catalog.check_runner import Check, run_checks
from schema_catalog.indicator_sql import check_indicator_sql
from schema_catalog.issues import Issue, make_issue
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


_issue = make_issue


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
            yield _issue(
                "duplicate_name",
                f"{kind}.{name}",
                f"{kind[:-1].title()} {name!r} is defined more than once.",
            )
    for table in catalog.tables:
        for name in _duplicates(c.name for c in table.columns):
            yield _issue(
                "duplicate_name",
                f"tables.{table.name}.columns.{name}",
                f"Column {name!r} appears more than once in table {table.name!r}.",
            )


def check_sources(catalog: Catalog) -> Iterator[Issue]:
    """Every source a table or indicator names is declared in ``sources.yml``."""
    known = {source.name for source in catalog.sources}
    owners = [(f"tables.{t.name}", t.sources) for t in catalog.tables]
    owners += [(f"indicators.{i.name}", i.sources) for i in catalog.indicators]
    for path, sources in owners:
        for name in sources:
            if name not in known:
                yield _issue(
                    "unknown_source",
                    f"{path}.sources",
                    f"Unknown source {name!r}.",
                    f"Known sources: {', '.join(sorted(known))}.",
                )
    for source in catalog.sources if _fixed_instant(catalog) else ():
        if source.last_refreshed_at > catalog.as_of:
            yield _issue(
                "source_refreshed_after_as_of",
                f"sources.{source.name}.last_refreshed_at",
                f"Source {source.name!r} was refreshed after the catalog's as_of.",
                warn=True,
            )


def _check_since(catalog: Catalog, table: Table) -> Iterator[Issue]:
    """``profile.since`` names a date or timestamp column of the profile table."""
    since = catalog.profile.since
    if since is None:
        return
    column = table.column(since) if table.has_column(since) else None
    if column is None or column.type not in (ColumnType.DATE, ColumnType.TIMESTAMP):
        yield _issue(
            "profile_since_not_a_date",
            "profile.since",
            f"profile.since {since!r} is not a date or timestamp column of {table.name!r}.",
            "Name the column holding when each profile joined; see docs/catalog.md#profile.",
        )


def check_profile(catalog: Catalog) -> Iterator[Issue]:
    """The profile table exists, has the profile key, and is of kind ``profile``."""
    if not catalog.has_table(catalog.profile.table):
        yield _issue(
            "unknown_profile_table",
            "profile.table",
            f"The profile table {catalog.profile.table!r} is not a catalog table.",
        )
        return
    table = catalog.table(catalog.profile.table)
    if not table.has_column(catalog.profile.key):
        yield _issue(
            "unknown_profile_key",
            "profile.key",
            f"The profile key {catalog.profile.key!r} is not a column of {table.name!r}.",
            "See docs/catalog.md#profile.",
        )
    yield from _check_since(catalog, table)
    if table.kind is not TableKind.PROFILE:
        yield _issue(
            "profile_table_kind",
            f"tables.{table.name}.kind",
            f"The profile table {table.name!r} should have kind 'profile'.",
            warn=True,
        )


def check_joins(catalog: Catalog) -> Iterator[Issue]:
    """Every non-profile table joins to a known table through one of its own columns."""
    for table in catalog.tables:
        path = f"tables.{table.name}.join"
        if table.name == catalog.profile.table:
            continue
        if table.join is None:
            yield _issue(
                "missing_join",
                path,
                f"Table {table.name!r} does not say how it joins to the profile.",
                "Add join: {column: <column holding the profile key>}; see docs/catalog.md#joins.",
            )
            continue
        if not table.has_column(table.join.column):
            yield _issue(
                "unknown_join_column",
                f"{path}.column",
                f"Join column {table.join.column!r} is not a column of {table.name!r}.",
            )
        target = table.join.to_table
        if target is not None and not catalog.has_table(target):
            yield _issue(
                "unknown_join_target",
                f"{path}.to_table",
                f"Table {table.name!r} joins to unknown table {target!r}.",
            )


def check_keys(catalog: Catalog) -> Iterator[Issue]:
    """A table's declared key is one of its columns."""
    for table in catalog.tables:
        if table.key is not None and not table.has_column(table.key):
            yield _issue(
                "unknown_key_column",
                f"tables.{table.name}.key",
                f"Key {table.key!r} is not a column of {table.name!r}.",
            )


def check_allowed_values(catalog: Catalog) -> Iterator[Issue]:
    """Allowed values only on string columns; value synonyms only for allowed values."""
    for table in catalog.tables:
        for column in table.columns:
            path = f"tables.{table.name}.columns.{column.name}"
            if column.allowed_values is not None and column.type is not ColumnType.STRING:
                yield _issue(
                    "allowed_values_on_non_categorical",
                    f"{path}.allowed_values",
                    f"Column {column.name!r} of type {column.type.value!r} lists allowed values.",
                    "Only string columns are categorical: drop allowed_values or make it a string.",
                )
            allowed = set(column.allowed_values or ())
            yield from _unlisted("unknown_value_synonym", f"{path}.value_synonyms",
                                 column.value_synonyms, allowed, "Synonyms")  # fmt: skip


def check_scale_types(catalog: Catalog) -> Iterator[Issue]:
    """A scale (0 to 1, 0 to 100) only on number columns and number indicators."""
    for table in catalog.tables:
        for column in table.columns:
            if column.scale is not None and column.type not in _NUMERIC:
                yield _issue(
                    "scale_on_non_number",
                    f"tables.{table.name}.columns.{column.name}.scale",
                    f"Column {column.name!r} of type {column.type.value!r} declares a scale.",
                    "Only integer and decimal columns have a scale: drop 'scale'.",
                )
    for indicator in catalog.indicators:
        if indicator.scale is not None and indicator.type is not IndicatorType.NUMBER:
            yield _issue(
                "scale_on_non_number",
                f"indicators.{indicator.name}.scale",
                f"Indicator {indicator.name!r} of type {indicator.type.value!r} declares a scale.",
                "Only number indicators have a scale: drop 'scale'.",
            )


def check_value_labels(catalog: Catalog) -> Iterator[Issue]:
    """Value labels only for values the column, indicator or dimension allows."""
    for path, owner, allowed in _valued(catalog):
        yield from _unlisted("unknown_value_label", f"{path}.value_labels",
                             owner.value_labels, allowed, "Labels")  # fmt: skip


def _unlisted(
    code: str, path: str, values: Iterable[str], allowed: set[str], what: str
) -> Iterator[Issue]:
    """A warning for each of ``values`` (keys of a per-value mapping) that is not allowed."""
    for value in values:
        if value not in allowed:
            yield _issue(
                code, f"{path}.{value}",
                f"{what} are given for {value!r}, which is not an allowed value.",
                "Fix the value, or add it to allowed_values.", warn=True,
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
                yield _issue(
                    "unknown_dimension",
                    f"tables.{table.name}.dimensions",
                    f"Dimension {name!r} is not a column of {table.name!r}.",
                )
        for name in table.measures:
            if not table.has_column(name):
                yield _issue(
                    "unknown_measure",
                    f"tables.{table.name}.measures",
                    f"Measure {name!r} is not a column of {table.name!r}.",
                )
            elif table.column(name).type not in _NUMERIC:
                yield _issue(
                    "measure_not_numeric",
                    f"tables.{table.name}.measures",
                    f"Measure {name!r} of {table.name!r} is not numeric.",
                )


def _event_timestamp(table: Table) -> Iterator[Issue]:
    path = f"tables.{table.name}.timestamp"
    if table.timestamp is None:
        yield _issue(
            "event_missing_timestamp",
            path,
            f"Event table {table.name!r} has no timestamp column.",
            "Name its DATE or TIMESTAMP column; see docs/catalog.md#event-tables.",
        )
    elif not table.has_column(table.timestamp):
        yield _issue(
            "unknown_timestamp_column",
            path,
            f"Timestamp {table.timestamp!r} is not a column of {table.name!r}.",
        )
    elif table.column(table.timestamp).type not in _TEMPORAL:
        yield _issue(
            "timestamp_not_temporal",
            path,
            f"Timestamp {table.timestamp!r} of {table.name!r} is not a date or timestamp.",
            "See docs/catalog.md#event-tables.",
        )


def check_indicators(catalog: Catalog) -> Iterator[Issue]:
    """Dynamic indicators have valid SQL over known columns; snapshots name real columns."""
    for indicator in catalog.indicators:
        path = f"indicators.{indicator.name}"
        if indicator.type is IndicatorType.CATEGORY and not indicator.allowed_values:
            yield _issue(
                "indicator_missing_allowed_values",
                f"{path}.allowed_values",
                f"Category indicator {indicator.name!r} lists no allowed values.",
            )
        if indicator.allowed_values and indicator.type is not IndicatorType.CATEGORY:
            yield _issue(
                "allowed_values_on_non_categorical",
                f"{path}.allowed_values",
                f"Indicator {indicator.name!r} of type {indicator.type.value!r} lists values.",
            )
        if indicator.mode is IndicatorMode.DYNAMIC:
            if indicator.sql is None:
                yield _issue(
                    "indicator_missing_sql",
                    f"{path}.sql",
                    f"Dynamic indicator {indicator.name!r} has no sql.",
                )
            else:
                yield from check_indicator_sql(catalog, f"{path}.sql", indicator.sql)
        else:
            yield from _snapshot_columns(catalog, indicator)


def _snapshot_columns(catalog: Catalog, indicator: Indicator) -> Iterator[Issue]:
    name = indicator.name
    path = f"indicators.{name}"
    if indicator.table is None or not catalog.has_table(indicator.table):
        yield _issue(
            "indicator_unknown_table",
            f"{path}.table",
            f"Snapshot indicator {name!r} names unknown table {indicator.table!r}.",
        )
        return
    table = catalog.table(indicator.table)
    wanted = [("value_column", indicator.value_column)]
    if indicator.dimension is not None:
        wanted.append(("dimension.column", indicator.dimension.column))
    for field, column in wanted:
        if not table.has_column(column):
            yield _issue(
                "indicator_unknown_column",
                f"{path}.{field}",
                f"Column {column!r} is not in snapshot table {table.name!r}.",
            )


def check_snapshot_freshness(catalog: Catalog) -> Iterator[Issue]:
    """A snapshot is recomputed no faster than its fastest source refreshes; not in the future."""
    known = {source.name: source for source in catalog.sources}
    for indicator in catalog.indicators:
        if indicator.mode is not IndicatorMode.SNAPSHOT:
            continue
        path = f"indicators.{indicator.name}"
        if indicator.cadence is None or indicator.computed_at is None:
            yield _issue(
                "snapshot_missing_schedule",
                path,
                f"Snapshot indicator {indicator.name!r} needs cadence and computed_at.",
            )
            continue
        names = indicator.sources or _table_sources(catalog, indicator.table)
        refreshes = [known[s].refresh.interval for s in names if s in known]
        if refreshes and indicator.cadence.interval < min(refreshes):
            yield _issue(
                "snapshot_cadence_too_fast",
                f"{path}.cadence",
                f"Snapshot {indicator.name!r} is recomputed {indicator.cadence.value} but its "
                "sources refresh less often.",
                "Recomputing faster than the data changes only adds load; slow the cadence.",
            )
        if _fixed_instant(catalog) and indicator.computed_at > catalog.as_of:
            yield _issue(
                "snapshot_computed_after_as_of",
                f"{path}.computed_at",
                f"Snapshot {indicator.name!r} was computed after as_of.",
                warn=True,
            )


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
