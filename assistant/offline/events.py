"""Behaviour rules: an event, its filters, its window (back or ahead), its count or amount.

'last purchase more than 90 days ago' measures the days since the last event; '... over 6 months
ago' and '... between 6 and 12 months ago' become 'did it then, not since'; a spend names its
measure or the table's only money measure — with several left, the user is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from assistant.language import Pack, Role, all_packs, fold
from assistant.offline.ahead import (
    ahead_state,
    filter_ahead,
    holding_state,
    period_so_far,
    settled_said,
    whole_period,
    window_ahead,
)
from assistant.offline.comeback import comeback_rules
from assistant.offline.draft import Ambiguity, Anchor
from assistant.offline.durations import duration_measures, in_unit
from assistant.offline.lexicon import Sense, SenseKind, phrase_key
from assistant.offline.nodes import (
    BuildContext,
    Built,
    ago_window,
    ahead_window,
    phrase_of,
    quantity_value,
    values_op,
    window_filter,
)
from assistant.offline.numbers import Quantity
from assistant.offline.spans import SpanKind
from assistant.offline.times import TimeSpec
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Behavior,
    Condition,
    Group,
    Node,
    Op,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    shift,
)
from audience.rules.windows import to_utc
from schema_catalog import Column, ColumnType, Table


def measured(anchor: Anchor) -> bool:
    """A threshold on a measure (litres, euros, a percentage), not a count of events."""
    quantity = anchor.quantity
    if quantity is None or quantity.unit == "times":
        return False
    amount = quantity.unit in {"currency", "percent", "seconds"}
    return amount or bool(anchor.measure or anchor.measures) or _more_than_one(anchor, quantity)


def _more_than_one(anchor: Anchor, quantity: Quantity) -> bool:
    """'an order of 500 or more', 'a single order of 2k': a bare number above 1 on one event
    cannot count events — it is the event's amount."""
    values = quantity.value if isinstance(quantity.value, tuple) else (quantity.value,)
    return anchor.single and quantity.unit is None and min(values) > 1


def _aggregate(anchor: Anchor, context: BuildContext) -> Aggregate | Ambiguity:
    quantity = anchor.quantity
    if quantity is None:
        return Aggregate()
    op, value = quantity_value(quantity)
    if not measured(anchor):
        return Aggregate(op=op, value=value)
    func = AggregateFunc.AVG if anchor.average else AggregateFunc.SUM
    each = anchor.single or quantity.unit == "percent"  # a share holds for one event, never summed
    if each and not anchor.average:  # one event above: the largest is; below: the smallest is
        func = AggregateFunc.MIN if op in {Op.LT, Op.LTE} else AggregateFunc.MAX
    measure = _measure(anchor, context)
    if isinstance(measure, Ambiguity):
        return measure
    if measure is None and quantity.unit == "currency" and _paid(context):
        # '€1,500' said of an event that records no amount (an email click): which amount?
        return Ambiguity(phrase_of(anchor), _paid(context), reason="unpaid")
    if measure is None:
        # 'opened more than 50% of our emails': a share of events, which no rule states
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="threshold")
    if quantity.unit == "percent" and measure is not None and _money(anchor, measure, context):
        # '40 % of their spend on organic': a share of an amount, which no rule states
        return Ambiguity(phrase_of(anchor), _shares(anchor, context), reason="share")
    if quantity.unit == "seconds" and measure is not None:
        value = _lasting(value, context.catalog.table(anchor.sense.table or ""), measure)
    return Aggregate(func=func, measure=measure, op=op, value=value)


def _paid(context: BuildContext) -> tuple[Sense, ...]:
    """The measures of money of every event of the catalog: the readings of an amount said of
    an event that records none."""
    return tuple(
        Sense(SenseKind.MEASURE, table=table.name, column=measure)
        for table in context.catalog.event_tables
        for measure in table.measures
        if _counts_money(table, measure)
    )


def _money(anchor: Anchor, measure: str, context: BuildContext) -> bool:
    """Whether ``measure`` counts money (a currency word in its unit, label or synonyms, in any
    language) with no percent scale: a '%' said of it is a share of the amount, not the amount."""
    column = context.catalog.table(anchor.sense.table or "").column(measure)
    if column.scale is not None:
        return False
    names = (column.unit, column.label, *column.labels.values(), *column.synonyms)
    words = {word for name in names if name for word in context.pack.tokens(name)}
    return any(pack.is_word(Role.CURRENCY, word) for pack in all_packs() for word in words)


def _shares(anchor: Anchor, context: BuildContext) -> tuple[Sense, ...]:
    """The indicators that hold a share (a 0-to-1 or 0-to-100 scale) and whose names say a
    filter the behaviour carries ('organic' lines → 'Organic affinity'): the readings offered
    for a percentage of an amount."""
    table = context.catalog.table(anchor.sense.table or "")
    said = {
        word
        for column, values in anchor.filters.items()
        for name in (column, table.column(column).label or "", *values)
        for word in context.pack.tokens(fold(name.replace("_", " ")))
    }
    return tuple(
        Sense(SenseKind.INDICATOR, indicator=indicator.name)
        for indicator in context.catalog.indicators
        if indicator.scale is not None and said & set(context.pack.tokens(fold(indicator.label)))
    )


def _lasting(value: float | int | list[float | int], table: Table, measure: str) -> Any:
    """A length of time in seconds, in the unit the measure counts in."""
    unit = table.column(measure).unit
    return [in_unit(v, unit) for v in value] if isinstance(value, list) else in_unit(value, unit)


def _measure(anchor: Anchor, context: BuildContext) -> str | Ambiguity | None:
    """The measure named, or the table's only money measure; several left → ask which."""
    if anchor.measure:
        return anchor.measure
    table = context.catalog.table(anchor.sense.table or "")
    decimals = [m for m in table.measures if table.column(m).type is ColumnType.DECIMAL]
    candidates = sorted(anchor.measures) if anchor.measures else decimals or list(table.measures)
    if anchor.quantity is not None and anchor.quantity.unit == "seconds":
        lasting = duration_measures(table)
        candidates = [m for m in candidates if m in lasting] or lasting
    candidates = _named_by_unit(anchor, table, candidates)
    if len(candidates) > 1:
        senses = tuple(Sense(SenseKind.MEASURE, table=table.name, column=m) for m in candidates)
        return Ambiguity(phrase_of(anchor), senses, reason="measure")
    return candidates[0] if candidates else None


def money_measures(table: Table, pack: Pack) -> list[str]:
    """The event's decimal measures counted in money (see ``_counted_in_money``)."""
    decimals = [m for m in table.measures if table.column(m).type is ColumnType.DECIMAL]
    return [m for m in decimals if _counted_in_money(table.column(m), pack)]


def _counted_in_money(column: Column, pack: Pack) -> bool:
    said = [column.unit or "", *column.synonyms, column.description or ""]
    currency = pack.table(Role.CURRENCY).words()
    return any(set(fold(text).replace(".", " ").split()) & currency for text in said)


def _named_by_unit(anchor: Anchor, table: Table, candidates: list[str]) -> list[str]:
    """'a basket above 250 euros': of several measures, the one whose catalog words include the
    amount's own unit ('euros', '€'), when only one does; else, for an amount of money, the one
    measure that counts money ('150 euros of fuel': the amount paid, not the litres)."""
    said = {word for m in anchor.mentions if m.kind is SpanKind.QUANTITY for word in m.words}
    named = [
        name
        for name in candidates
        if any(phrase_key(word) in {(w,) for w in said} for word in table.column(name).synonyms)
    ]
    if len(named) != 1 and anchor.quantity is not None and anchor.quantity.unit == "currency":
        named = [name for name in candidates if _counts_money(table, name)]
    return named if len(named) == 1 else candidates


def _counts_money(table: Table, measure: str) -> bool:
    """Whether the catalog says ``measure`` counts money: a currency word of any language in its
    unit, labels, description or synonyms ('Amount paid in euros')."""
    column = table.column(measure)
    texts = (column.unit, column.label, *column.labels.values(), column.description)
    words = {w for text in (*texts, *column.synonyms) if text for w in fold(text).split()}
    words |= {w.strip(".,;:()") for w in words}
    return any(words & pack.table(Role.CURRENCY).words() for pack in all_packs())


def _event_window(anchor: Anchor, context: BuildContext) -> Window | Ambiguity | None:
    spec = anchor.time
    if spec is None or spec.anaphoric:
        return None
    future = context.catalog.table(anchor.sense.table or "").future_events
    if spec.open_ahead:
        since = Window(type=WindowKind.SINCE, start=context.as_of)
        return since if future else Ambiguity(phrase_of(anchor), (anchor.sense,), reason="ahead")
    if future and spec.calendar_end is not None and spec.window and spec.window.start:
        # 'ending this week' on future-dated events: the whole calendar week, ahead included;
        # 'cancelled this year', a settled state: the year so far (docs/time.md).
        settled = settled_said(context.catalog, anchor)
        return (period_so_far(spec, context.as_of) if settled else whole_period(spec)).window
    if spec.ahead is None and not (future and not spec.direction_stated):
        window = spec.window or ago_window(spec, context)
        if not future and window is not None and _opens_ahead(window, context):
            return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="ahead")
        if not future and window is not None and _opens_now(spec, window, context):
            said = [m.text for m in anchor.mentions if m.kind is SpanKind.TIME]
            phrase = said[0] if said else phrase_of(anchor)
            day = str(context.as_of)
            context.state(context.pack.say("assume_period_empty", phrase=phrase, day=day))
        return window
    amount, unit = spec.ahead or (spec.window.amount or 0, spec.window.unit)  # type: ignore[union-attr]
    window = ahead_window(amount, unit or TimeUnit.DAY) if future else None
    return window or Ambiguity(phrase_of(anchor), (anchor.sense,), reason="ahead")


def _ahead_on_own_date(anchor: Anchor, context: BuildContext) -> bool:
    """'a class booked in the next 7 days': a window ahead dates the future-dated row itself
    (its start), not the instant it was recorded (a timestamp such as when it was booked). A
    date the row looks ahead to ('reminder due in 3 days') keeps the window."""
    spec = anchor.time
    table = context.catalog.table(anchor.sense.table or "")
    if spec is None or not table.future_events or anchor.date_column in {None, table.timestamp}:
        return False
    if table.column(anchor.date_column or "").type is not ColumnType.TIMESTAMP:
        return False
    ahead = spec.ahead is not None or spec.open_ahead or spec.calendar_ahead
    return ahead or (spec.window is not None and window_ahead(spec.window, context.as_of))


def _opens_ahead(window: Window, context: BuildContext) -> bool:
    """'next month' on events that only look back: the window opens after the data's date."""
    opens = window.start if window.type in {WindowKind.SINCE, WindowKind.BETWEEN} else None
    return opens is not None and opens > context.as_of


def _opens_now(spec: TimeSpec, window: Window, context: BuildContext) -> bool:
    """'this month' read on its first day at 00:00: the calendar period so far holds nothing
    yet (its first day starts at the data's instant)."""
    opens = window.start if window.type in {WindowKind.SINCE, WindowKind.BETWEEN} else None
    if spec.calendar_end is None or opens is None or opens != context.as_of:
        return False
    return to_utc(context.catalog.as_of) == day_start(opens)


def _filters(anchor: Anchor, context: BuildContext) -> list[Condition]:
    """The event's filters: dimension values, yes/no columns (true), a dated own column."""
    table = context.catalog.table(anchor.sense.table or "")
    filters = []
    for column, values in anchor.filters.items():
        if table.column(column).type is ColumnType.BOOLEAN:
            filters.append(Condition(field=column, op=Op.EQ, value=True))
            continue
        op, value = values_op(values, False)
        filters.append(Condition(field=column, op=op, value=value))
    for column, values in anchor.excluded.items():
        op, value = values_op(values, True)
        filters.append(Condition(field=column, op=op, value=value))
    return filters + _each_amount(anchor) + _dated_filter(anchor, context)


def _each_amount(anchor: Anchor) -> list[Condition]:
    """'at least 2 orders above €90': the amount each counted event passes."""
    if anchor.each_amount is None:
        return []
    measure, quantity = anchor.each_amount
    op, value = quantity_value(quantity)
    return [Condition(field=measure, op=op, value=value)]


def _paid_only(table: Table, filters: list[Condition], aggregate: Aggregate) -> list[Condition]:
    """'spent over 120 € on Onda+': money summed over the rows is money paid — when the catalog
    names one state of the table paid (``paid_state``), only rows in that state count, unless
    the request chose a state of that column itself."""
    money = any(c.name == aggregate.measure and c.type is ColumnType.DECIMAL for c in table.columns)
    if aggregate.func not in {AggregateFunc.SUM, AggregateFunc.AVG} or not money:
        return filters
    return with_paid_state(table, filters)


def paid_state(table: Table) -> tuple[str, str] | None:
    """(column, value) of the one state of ``table`` its catalog calls paid (a value's synonym
    is a pack's ``paid_states`` word: the renewal 'renewed' is 'paid'), else None."""
    paid = {
        (column.name, value)
        for column in table.columns
        for value, words in column.value_synonyms.items()
        if any(_paid_word(word) for word in words)
    }
    return next(iter(paid)) if len(paid) == 1 else None


def with_paid_state(table: Table, filters: Sequence[Condition]) -> list[Condition]:
    """``filters`` and the table's paid state, unless they already choose a state of it."""
    paid = paid_state(table)
    if paid is None or any(condition.field == paid[0] for condition in filters):
        return list(filters)
    return [*filters, Condition(field=paid[0], op=Op.EQ, value=paid[1])]


def _paid_word(word: str) -> bool:
    return any(fold(word) in pack.paid_states for pack in all_packs())


def _dated_filter(anchor: Anchor, context: BuildContext) -> list[Condition]:
    """'a coupon expiring in the next 7 days': the time phrase dates the column it follows."""
    if anchor.date_column is None or anchor.time is None:
        return []
    found = window_filter(anchor.time, context)
    if found is None:
        return []
    op, value, unit = found
    return [Condition(field=anchor.date_column, op=op, value=value, unit=unit)]  # type: ignore[arg-type]


def build_event(anchor: Anchor, context: BuildContext) -> Built:
    filters = _filters(anchor, context)
    event = anchor.sense.table or ""
    dated = anchor.date_column is not None and anchor.time is not None
    if dated and _ahead_on_own_date(anchor, context):
        dated, anchor.date_column = False, None
    spec = None if dated else anchor.time
    latest = _dated_recency(anchor, filters) if dated and anchor.recency else None
    if latest is not None:
        return latest
    if spec is not None and spec.ago is not None and anchor.recency:
        return _recency(anchor, filters, spec, context)
    if spec is not None and spec.ago_range is not None and anchor.recency and spec.window:
        return _last_between(anchor, filters, spec.window, spec.ago_range)
    after = _after_period(spec, context) if anchor.recency and spec is not None else None
    if after is not None and spec is not None and spec.window is not None:
        return _last_then(anchor, filters, spec.window, after)
    window = None if dated else _event_window(anchor, context)
    aggregate = _aggregate(anchor, context)
    if isinstance(window, Ambiguity):
        return window
    if window_ahead(window, context.as_of) or any(filter_ahead(c, context.as_of) for c in filters):
        filters = ahead_state(anchor, context, context.catalog.table(event), filters)
    elif window is None:
        filters = holding_state(anchor, context, context.catalog.table(event), filters)
    if isinstance(aggregate, Ambiguity):
        return aggregate
    filters = _paid_only(context.catalog.table(event), filters, aggregate)
    behavior: Node = Behavior(
        event=event, filters=filters, window=window, aggregate=aggregate, negate=anchor.negate
    )
    alternatives = spec.alternatives if spec is not None and window is not None else ()
    if alternatives and isinstance(behavior, Behavior):
        behavior = Group(
            op="or",
            negate=anchor.negate,
            rules=[behavior.model_copy(update={"negate": False})]
            + [behavior.model_copy(update={"window": w, "negate": False}) for w in alternatives],
        )
    if anchor.comeback is not None and isinstance(behavior, Behavior):
        return comeback_rules(behavior, anchor, context.as_of)
    if anchor.lapse is None or anchor.lapse.window is None:
        return behavior
    lapsed = Behavior(
        event=event,
        filters=[] if anchor.lapse_any else filters,
        window=anchor.lapse.window,
        negate=True,
    )
    return Group(op="and", rules=[behavior, lapsed])


# A date bound and the bound that keeps the days after it ('before' → 'on or after').
_LATER = {Op.LT: Op.GTE, Op.LTE: Op.GT}


def _dated_recency(anchor: Anchor, filters: list[Condition]) -> Node | None:
    """'most recent redemption over a year ago', '... before this year' dated on the state's own
    column: a row dated before the bound and none after it — the latest one is that old, not
    merely one of them."""
    time = anchor.time
    before = time is not None and time.window is not None and time.window.type is WindowKind.BEFORE
    if time is None or (time.ago is None and not before) or anchor.date_column is None:
        return None
    bound = next((c for c in filters if c.field == anchor.date_column), None)
    later = _LATER.get(bound.op) if bound is not None else None
    if bound is None or later is None:
        return None
    event = anchor.sense.table or ""
    since = [c if c is not bound else c.model_copy(update={"op": later}) for c in filters]
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters),
            Behavior(event=event, filters=since, negate=True),
        ],
    )


def _recency(
    anchor: Anchor, filters: list[Condition], spec: TimeSpec, context: BuildContext
) -> Node:
    """'last purchase more than 90 days ago' (days) or '... over 6 months ago' (months): one
    then and none since; 'less than 2 weeks ago' is one in the last 2 weeks. On
    future-dated rows ('most recent trial ended over a year ago') none may be dated from the
    bound on, ahead of as_of included: a trial still running is more recent."""
    event = anchor.sense.table or ""
    ago = spec.ago
    assert ago is not None
    if ago.op in {Op.LT, Op.LTE}:  # 'last order less than 2 weeks ago': one in the last 2 weeks
        # In days too: an event on the day as_of − 10 days is under 10 × 24 hours old, so
        # 'less than 10 days ago' starts where 'in the last 10 days' starts.
        window = ago_window(spec, context)
        return Behavior(event=event, filters=filters, window=window, negate=anchor.negate)
    if ago.unit is TimeUnit.DAY:
        aggregate = Aggregate(func=AggregateFunc.DAYS_SINCE_LAST, op=ago.op, value=ago.amount)
        return Behavior(event=event, filters=filters, aggregate=aggregate, negate=anchor.negate)
    recent = Window(type=WindowKind.LAST, amount=ago.amount, unit=ago.unit)
    if context.catalog.table(event).future_events:
        bound = shift(day_start(context.as_of), -ago.amount, ago.unit).date()
        recent = Window(type=WindowKind.SINCE, start=bound)
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters),
            Behavior(event=event, filters=filters, window=recent, negate=True),
        ],
    )


def _after_period(spec: TimeSpec, context: BuildContext) -> Window | None:
    """The days after a period that has ended ('before January', 'in 2025'), up to as_of; None
    for a period reaching as_of, or one looking back from it."""
    window = spec.window
    if window is None or spec.alternatives:
        return None
    if window.type is WindowKind.BEFORE and window.end is not None:
        return Window(type=WindowKind.SINCE, start=window.end)
    if window.type is WindowKind.BETWEEN and window.end is not None:
        following = window.end + timedelta(days=1)
        return (
            Window(type=WindowKind.SINCE, start=following) if following <= context.as_of else None
        )
    return None


def _last_then(anchor: Anchor, filters: list[Condition], window: Window, after: Window) -> Node:
    """'last fill-up before January', 'dernier achat en 2025': one then, none since."""
    event = anchor.sense.table or ""
    return Group(
        op="and",
        negate=anchor.negate,
        rules=[
            Behavior(event=event, filters=filters, window=window),
            Behavior(event=event, filters=filters, window=after, negate=True),
        ],
    )


def _last_between(
    anchor: Anchor, filters: list[Condition], window: Window, near: tuple[int, TimeUnit]
) -> Node:
    """'last purchase between 6 and 12 months ago': one in that span, none since."""
    since = Window(type=WindowKind.LAST, amount=near[0], unit=near[1])
    return _last_then(anchor, filters, window, since)
