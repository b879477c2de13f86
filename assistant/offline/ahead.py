"""Rows dated ahead of as_of: a window ahead implies the state of a row still to come.

A row dated after the data's date may already be settled: a coupon that expires next week may
have been redeemed, a slot next week may have been cancelled. 'A coupon expiring in the next 7
days' means one still valid, 'a slot coming up' one still scheduled. When the request names no
state, the behaviour takes the one value of the table's dimensions that the packs' words call
still to come ('scheduled', 'pending'), or else still running ('active', 'valid') — and the
proposal says so. Nothing is implied when no value, or several, answer to those words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from assistant.language import Role, all_packs
from assistant.offline.draft import Anchor
from assistant.offline.lexicon import SenseKind
from assistant.offline.nodes import BuildContext, phrase_of, values_op
from assistant.offline.timespec import TimeSpec
from audience.rules import Condition, Op, Window, WindowKind
from schema_catalog import Catalog, Table

_STATE_ROLES = (Role.PENDING_STATES, Role.ONGOING_STATES)
"""Tried in order: a row still to come, then a row still running."""


def _starts_ahead(start: object, as_of: date) -> bool:
    if isinstance(start, date):
        return start >= as_of
    try:
        return isinstance(start, str) and date.fromisoformat(start[:10]) >= as_of
    except ValueError:
        return False


def window_ahead(window: Window | None, as_of: date) -> bool:
    """True for 'the next 7 days', 'from today on', a period that starts on or after as_of."""
    if window is None:
        return False
    if window.type is WindowKind.NEXT:
        return True
    return window.type in {WindowKind.SINCE, WindowKind.BETWEEN} and _starts_ahead(
        window.start, as_of
    )


def filter_ahead(condition: Condition, as_of: date) -> bool:
    """A date condition that only rows on or after as_of pass ('expires_on' within the next …)."""
    if condition.op is Op.WITHIN_NEXT:
        return True
    if condition.op in {Op.GTE, Op.AFTER}:
        return _starts_ahead(condition.value, as_of)
    if condition.op is Op.BETWEEN and isinstance(condition.value, list | tuple):
        return bool(condition.value) and _starts_ahead(condition.value[0], as_of)
    return False


def _names(table: Table, column: str, value: str) -> list[str]:
    synonyms = table.column(column).value_synonyms.get(value, ())
    return [value.replace("_", " "), *synonyms]


def _answers(table: Table, role: Role, taken: set[str]) -> list[tuple[str, str]]:
    """(column, value) pairs of the table's dimensions named by a word of ``role``."""
    packs = all_packs()
    found = []
    for column in table.dimensions:
        if column in taken:
            continue
        for value in table.column(column).allowed_values or ():
            names = _names(table, column, str(value))
            if any(pack.says(role, pack.tokens(name)) for pack in packs for name in names):
                found.append((column, str(value)))
    return found


def implied_state(
    table: Table, taken: set[str], roles: tuple[Role, ...] = _STATE_ROLES
) -> tuple[str, list[str]] | None:
    """The column of ``table`` and its values meaning 'still to come', else 'still running'
    (or only those of ``roles``); None when no column, or several, have such values."""
    for role in roles:
        found = _answers(table, role, taken)
        columns = {column for column, _ in found}
        if len(columns) == 1:
            return columns.pop(), [value for _, value in found]
        if found:
            return None
    return None


def state_columns(table: Table) -> set[str]:
    """Columns saying where a row stands at the data's date: those with a value the packs call
    still to come or still running ('status': active, pending)."""
    return {column for role in _STATE_ROLES for column, _ in _answers(table, role, set())}


def still_values(table: Table, column: str) -> set[str]:
    """The values of a state column saying a row is still to come or still running."""
    return {
        value for role in _STATE_ROLES for c, value in _answers(table, role, set()) if c == column
    }


def _settled(anchor: Anchor, table: Table) -> set[str]:
    """State columns (those with a value the packs call still to come or running) that the
    anchor sets to values none of which is: the row is settled ('renewed', 'expired')."""
    still = {pair for role in _STATE_ROLES for pair in _answers(table, role, set())}
    states = {column for column, _ in still}
    return {
        column
        for column, values in anchor.filters.items()
        if column in states and not any((column, value) in still for value in values)
    }


def settled_said(catalog: Catalog, anchor: Anchor) -> bool:
    """A settled state named as written ('renewed in April', 'expired'): the row's date lies
    back, whatever the window; one read from another form of the event's word ('se
    renouvelle') does not count."""
    if anchor.kind is not SenseKind.EVENT:
        return False
    return bool(_settled(anchor, catalog.table(anchor.sense.table or "")) - anchor.worded)


def ahead_state(
    anchor: Anchor, context: BuildContext, table: Table, filters: list[Condition]
) -> list[Condition]:
    """``filters`` with the state a window ahead implies, the assumption noted."""
    overruled = _settled(anchor, table) & anchor.worded
    state = implied_state(table, set(anchor.filters) - overruled)
    phrase = next((m.text for m in anchor.mentions if m.span.time is not None), None)
    return _with_state(
        state, "assume_ahead_state", phrase or phrase_of(anchor), table, context, filters
    )


def holding_state(
    anchor: Anchor, context: BuildContext, table: Table, filters: list[Condition]
) -> list[Condition]:
    """'Onda+ subscribers', 'clients avec Onda+': a value with no verb of its own names what the
    people hold now — the one state of the table still running ('active'), the assumption
    noted — when the request names neither a time nor a state of that row."""
    if (
        not anchor.holding
        or anchor.time is not None
        or anchor.filters.keys() - {f.field for f in filters}
    ):
        return filters
    state = implied_state(table, set(anchor.filters), (Role.ONGOING_STATES,))
    return _with_state(state, "assume_held_state", phrase_of(anchor), table, context, filters)


def _with_state(
    state: tuple[str, list[str]] | None,
    key: str,
    phrase: str,
    table: Table,
    context: BuildContext,
    filters: list[Condition],
) -> list[Condition]:
    """``filters`` with ``state`` (column, values) in place of any condition on that column,
    and the assumption ``key`` noted."""
    if state is None:
        return filters
    column, values = state
    filters = [f for f in filters if f.field != column]
    label = table.column(column).label_in(context.pack.code, column)  # type: ignore[arg-type]
    said = ", ".join(f"'{value}'" for value in values)
    note = context.pack.say(key, phrase=phrase, field=label, value=said)
    if note not in context.assumptions:
        context.assumptions.append(note)
    op, value = values_op(values, False)
    return [*filters, Condition(field=column, op=op, value=value)]


def future_dated(catalog: Catalog, anchor: Anchor) -> bool:
    """Whether the date ``anchor``'s time phrase dates may lie after as_of: any date of a
    ``future_events`` table, or a column marked ``future_dates`` (a contract's end)."""
    if anchor.kind is SenseKind.EVENT:
        table = catalog.table(anchor.sense.table or "")
        dated = anchor.date_column is not None and table.column(anchor.date_column).future_dates
        return table.future_events or dated
    if anchor.kind is SenseKind.COLUMN:
        table, column = catalog.column(anchor.sense.target)
        return table.future_events or column.future_dates
    return False


def unstated_ahead(spec: TimeSpec) -> TimeSpec:
    """'ends within 90 days', 'in 30 days' with no 'last' nor 'next', on a date that may lie
    ahead: the days ahead (as on a future-dated event)."""
    window = spec.window
    if spec.direction_stated or window is None or window.type is not WindowKind.LAST:
        return spec
    if window.amount is None or window.unit is None:
        return spec
    return TimeSpec(ahead=(window.amount, window.unit))


def whole_period(spec: TimeSpec) -> TimeSpec:
    """'this week', 'this year' on a date that may lie ahead: the whole calendar period, not
    its part up to as_of — a contract ending this year may end in December (docs/time.md).

    >>> from audience.rules import Window, WindowKind
    >>> year = TimeSpec(window=Window(type=WindowKind.SINCE, start=date(2026, 1, 1)),
    ...                 calendar_end=date(2026, 12, 31))
    >>> whole_period(year).window.end
    datetime.date(2026, 12, 31)
    """
    window = spec.window
    if spec.calendar_end is None or window is None or window.type is not WindowKind.SINCE:
        return spec
    period = Window(type=WindowKind.BETWEEN, start=window.start, end=spec.calendar_end)
    return replace(spec, window=period)


def period_so_far(spec: TimeSpec, as_of: date) -> TimeSpec:
    """'cancelled this year' on rows that may lie ahead, in a settled state: what has happened,
    the calendar period up to the day before as_of (docs/time.md)."""
    window = spec.window
    if spec.calendar_end is None or window is None or window.type is not WindowKind.SINCE:
        return spec
    last = min(spec.calendar_end, as_of - timedelta(days=1))
    if window.start is None or last < window.start:
        return spec
    return replace(spec, window=Window(type=WindowKind.BETWEEN, start=window.start, end=last))


def nearest_reading(spec: TimeSpec, as_of: date) -> tuple[TimeSpec, bool]:
    """'in April' written without its year, on a date that may lie ahead: the occurrence nearest
    to as_of — April 2026 on 2026-03-01, not April 2025; October 2025, not October 2026 — and
    whether to say so: when the one ahead is taken, or the other is almost as near."""
    if not spec.next_reading or spec.window is None:
        return spec, False
    ended = max(w.end for w in (spec.window, *spec.alternatives) if w.end is not None)
    starts = spec.next_reading[0].start or spec.next_reading[0].end  # 'before 15 July'
    if not isinstance(ended, date) or not isinstance(starts, date):
        return spec, False
    ahead, back = max(starts - as_of, timedelta(0)), max(as_of - ended, timedelta(1))
    if ahead <= back:
        return spec.read_ahead(), True
    return spec, ahead < 2 * back
