"""Checks that look at the data itself, through a ``DatabaseReader``.

A catalog can be consistent on paper and wrong about the data: joins that compare unrelated keys
(every audience is 0 people), an ``as_of`` after the data ends (every "last N days" window
silently shifts), bookings not marked as future events, personal data not flagged (shown
unmasked in samples), keys offered as measures. Each check yields issues whose hints point into
docs/catalog.md. Tables or columns missing from the data are the drift check's business; these
checks skip them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal

from sqlglot import exp

from schema_catalog.as_of import newest_event
from schema_catalog.check_runner import Check, run_checks
from schema_catalog.draft_facts import as_day, looks_like_lookup
from schema_catalog.draft_guess import future_tables, has_word
from schema_catalog.issues import Issue, Severity
from schema_catalog.model import Catalog, ColumnType, Scale, Table
from schema_catalog.pii import looks_personal, values_look_personal
from schema_catalog.reader import DatabaseReader

DOCS = "docs/catalog.md"
LOW_COVERAGE = 0.9
"""Below this share of join keys found in the profile key, a join is suspicious."""
AS_OF_SLACK = timedelta(days=2)
"""An as_of this far after the newest event is a warning (one day is normal for 'latest')."""
AS_OF_LAG = timedelta(days=7)
"""An as_of this far before the newest event is a warning."""
_PII_SAMPLE = 20


@dataclass(frozen=True)
class DataSubject:
    """What data checks read: the catalog (``as_of`` resolved), a reader and the data's shape."""

    catalog: Catalog
    reader: DatabaseReader
    columns: dict[str, set[str]]

    def has(self, table: str, column: str | None = None) -> bool:
        present = self.columns.get(table)
        return present is not None and (column is None or column in present)


def _warn(code: str, path: str, message: str, anchor: str, *, error: bool = False) -> Issue:
    severity = Severity.ERROR if error else Severity.WARNING
    hint = f"See {DOCS}#{anchor}."
    return Issue(code=code, severity=severity, path=path, message=message, hint=hint)


def _joined_to_profile(subject: DataSubject) -> Iterator[tuple[Table, str]]:
    """Each table joined to the profile whose join column is in the data, with that column."""
    profile = subject.catalog.profile
    for table in subject.catalog.tables:
        join = table.join
        if join is None or join.to_table not in (None, profile.table):
            continue
        if subject.has(table.name, join.column):
            yield table, join.column


def check_join_coverage(subject: DataSubject) -> Iterator[Issue]:
    """Share of each table's join keys found in the profile key: none is an error."""
    profile = subject.catalog.profile
    if not subject.has(profile.table, profile.key):
        return
    for table, column in _joined_to_profile(subject):
        overlap = subject.reader.value_overlap(table.name, column, profile.table, profile.key)
        if overlap.values == 0:
            continue
        path = f"tables.{table.name}.join.column"
        where = f"{table.name}.{column} → {profile.table}.{profile.key}"
        if overlap.found == 0:
            yield _warn(
                "join_coverage_none",
                path,
                f"None of the {overlap.values} distinct values of {where} is a profile key: the "
                "join compares unrelated keys, so every audience using it is empty.",
                "joins",
                error=True,
            )
        elif overlap.share < LOW_COVERAGE:
            yield _warn(
                "join_coverage_low",
                path,
                f"Only {overlap.share:.0%} of the values of {where} are profile keys.",
                "joins",
            )


def check_profile_size(subject: DataSubject) -> Iterator[Issue]:
    """A profile of a few rows that much larger tables join to is a lookup table (gyms, stores,
    products), not one row per person: every join still 'covers' it, so only its size tells."""
    profile = subject.catalog.profile
    if not subject.has(profile.table):
        return
    people = subject.reader.row_count(profile.table)
    sizes = [(subject.reader.row_count(t.name), t.name) for t, _ in _joined_to_profile(subject)]
    if not sizes:
        return
    rows, biggest = max(sizes)
    if looks_like_lookup(people, rows):
        yield _warn(
            "profile_looks_like_lookup",
            "profile.table",
            f"The profile table {profile.table!r} has {people:,} rows while {biggest!r}, which "
            f"joins to it, has {rows:,}: it looks like a lookup table, not one row per person. "
            "Draft again naming the table of people: 'perimeter catalog draft --profile TABLE'.",
            "profile",
        )


def check_as_of(subject: DataSubject) -> Iterator[Issue]:
    """``as_of`` neither after the newest past event nor long before it (``latest`` is just
    after it by construction)."""
    catalog = subject.catalog
    newest = newest_event(catalog, subject.reader)
    if newest is None:
        return
    end_of_data = newest.as_of
    as_of = catalog.as_of if catalog.as_of.tzinfo else catalog.as_of.replace(tzinfo=UTC)
    event = f"{newest.value} in {newest.where}"
    if as_of > end_of_data + AS_OF_SLACK:
        yield _warn(
            "as_of_after_data",
            "as_of",
            f"as_of {as_of.date()} is after the newest event ({event}): 'last N days' "
            "windows cover days without data. Use 'as_of: latest' or the data's end.",
            "as-of",
        )
    elif as_of < end_of_data - AS_OF_LAG:
        yield _warn(
            "as_of_before_data",
            "as_of",
            f"as_of {as_of.date()} is long before the newest event ({event}): recent "
            "events are treated as future ones. Use 'as_of: latest'.",
            "as-of",
        )


def _newest_days(subject: DataSubject) -> dict[str, date]:
    """Newest day of each event table not marked ``future_events``."""
    newest: dict[str, date] = {}
    for table in subject.catalog.event_tables:
        stamp = table.timestamp
        if table.future_events or stamp is None or not subject.has(table.name, stamp):
            continue
        day = as_day(subject.reader.newest_value(table.name, stamp))
        if isinstance(day, date):
            newest[table.name] = day
    return newest


def check_future_events(subject: DataSubject) -> Iterator[Issue]:
    """Event tables running well past as_of, or past the other event tables, hold bookings:
    they need ``future_events`` (and must not set ``as_of: latest``)."""
    as_of = subject.catalog.as_of.date()
    newest = _newest_days(subject)
    late = {n for n, d in newest.items() if d > as_of + AS_OF_LAG}
    for name in sorted(future_tables(newest) | late):
        stamp = subject.catalog.table(name).timestamp
        past = f"after as_of {as_of}" if name in late else "well past the other event tables"
        yield _warn(
            "future_events_not_flagged",
            f"tables.{name}.future_events",
            f"{name}.{stamp} runs to {newest[name]}, {past}: set 'future_events: true' so "
            "'in the next 30 days' can be asked (and 'as_of: latest' ignores it).",
            "future-events",
        )


def check_personal_data(subject: DataSubject) -> Iterator[Issue]:
    """Columns that look personal (name in several languages, e-mail or phone values) need pii."""
    for table in subject.catalog.tables:
        for column in table.columns:
            if column.pii or not subject.has(table.name, column.name):
                continue
            reason = _personal(subject, table, column.name, column.type)
            if reason:
                yield _warn(
                    "pii_not_flagged",
                    f"tables.{table.name}.columns.{column.name}.pii",
                    f"{table.name}.{column.name} looks like personal data ({reason}) but is not "
                    "flagged: samples would show it unmasked. Set 'pii: true'.",
                    "personal-data",
                )


def _personal(subject: DataSubject, table: Table, name: str, kind: ColumnType) -> str | None:
    if looks_personal(name, kind):
        return "its name"
    if kind is not ColumnType.STRING:
        return None
    values = subject.reader.sample_values(table.name, name, _PII_SAMPLE)
    found = values_look_personal(values)
    return f"{found} values" if found else None


def check_measures(subject: DataSubject) -> Iterator[Issue]:
    """Measures are amounts, not identifiers: a key summed is a number without meaning."""
    for table in subject.catalog.event_tables:
        for name in table.measures:
            if name in (table.key, table.join.column if table.join else None) or has_word(
                name, "key_like"
            ):
                yield _warn(
                    "key_as_measure",
                    f"tables.{table.name}.measures",
                    f"{table.name}.{name} looks like an identifier; summing or averaging it "
                    "means nothing. Remove it from measures.",
                    "event-tables",
                )


def _scaled_numbers(catalog: Catalog) -> Iterator[tuple[str, str, str, Scale]]:
    """(path, table, column, scale) of each number declared with a scale: columns, and the
    value columns of snapshot indicators."""
    for table in catalog.tables:
        for column in table.columns:
            if column.scale is not None:
                path = f"tables.{table.name}.columns.{column.name}.scale"
                yield path, table.name, column.name, column.scale
    for indicator in catalog.indicators:
        if indicator.scale is not None and indicator.table is not None:
            path = f"indicators.{indicator.name}.scale"
            yield path, indicator.table, indicator.value_column, indicator.scale


def _value_range(reader: DatabaseReader, table: str, column: str) -> tuple[float, float] | None:
    target = exp.column(column, quoted=True)
    query = exp.select(exp.Min(this=target), exp.Max(this=target)).from_(
        exp.Table(this=exp.to_identifier(table, quoted=True))
    )
    low, high = reader.run_query(query)[0]
    if not isinstance(low, int | float | Decimal) or not isinstance(high, int | float | Decimal):
        return None
    return float(low), float(high)


def check_scales(subject: DataSubject) -> Iterator[Issue]:
    """A number declared 0 to 1 holding values above 1, or 0 to 100 never above 1, is on the
    other scale: a request's '70 %' would be compared a hundred times off."""
    for path, table, column, scale in _scaled_numbers(subject.catalog):
        if not subject.has(table, column):
            continue
        found = _value_range(subject.reader, table, column)
        if found is None:
            continue
        low, high = found
        top = 1.0 if scale is Scale.FRACTION else 100.0
        if low < 0 or high > top or (scale is Scale.PERCENT and high <= 1):
            other = Scale.PERCENT if scale is Scale.FRACTION else Scale.FRACTION
            yield _warn(
                "scale_mismatch",
                path,
                f"{table}.{column} is declared 'scale: {scale}' (0 to {top:g}) but holds values "
                f"from {low:g} to {high:g}: a request's '70 %' would be compared on the wrong "
                f"scale. Set 'scale: {other}' if that is what the values are, or fix the data.",
                "scales",
                error=True,
            )


def check_activation(subject: DataSubject) -> Iterator[Issue]:
    """Channels and a suppression list are what audiences are exported through."""
    catalog = subject.catalog
    if not catalog.channels:
        yield _warn(
            "no_channels",
            "channels",
            "No channel is declared: audiences can be counted but never exported.",
            "channels",
        )
    if catalog.suppression is None:
        yield Issue(
            code="no_suppression",
            severity=Severity.INFO,
            path="suppression",
            message="No suppression list: nobody is ever excluded from an export.",
            hint=f"See {DOCS}#suppression.",
        )


DATA_CHECKS: tuple[Check[DataSubject], ...] = (
    check_join_coverage,
    check_profile_size,
    check_as_of,
    check_future_events,
    check_personal_data,
    check_measures,
    check_scales,
    check_activation,
)
"""The checks ``check_data`` runs, in order."""


def check_data(
    catalog: Catalog, reader: DatabaseReader, checks: Iterable[Check[DataSubject]] = DATA_CHECKS
) -> list[Issue]:
    """Every data issue of ``catalog`` against the database ``reader`` reads (never raises).

    ``catalog.as_of`` should be resolved (``resolve_as_of``) first, as where data is opened.
    """
    columns = {name: {c.name for c in reader.columns(name)} for name in reader.tables()}
    return run_checks(checks, DataSubject(catalog, reader, columns))
