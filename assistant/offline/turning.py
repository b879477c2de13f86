"""Reaching an age within a period: 'customers turning 30 in November', 'VIPs turning 40 this
year', 'clientes qui auront 30 ans en novembre', 'Kunden, die im November 30 werden'.

A verb of reaching an age (``periods.turning``), an age (a bare number an age can be) and a
period in its clause date the birth that many years before the period: born between its first
day and its last, N years earlier (a named month is its next occurrence). The birth date is the
profile's date the catalog opens to anniversaries; without one nothing is read here, and the
words are reported as not read. Read before anchors are seeded, so the number is not taken as
an age threshold or a count.

A birth date that is personal data cannot be compared (only its anniversary can): the same
people are then those whose birthday falls in the period and whose age on the data's date
(the catalog's age indicator) is N less the birthdays still to come between that date and the
one in the period — 'turning 30 in November', read on 30 September, is a birthday in November
and 29 today. Without an age indicator nothing is read.
"""

from __future__ import annotations

from datetime import date, timedelta

from assistant.language import Role
from assistant.offline.ages import MAX_AGE, MIN_AGE, age_indicator
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.nodes import BuildContext, Built, phrase_of
from assistant.offline.numbers import parse_number
from assistant.offline.spans import SpanKind
from assistant.offline.tenure import back_years, named_days, profile_date
from assistant.offline.times import scan_time
from assistant.offline.timespec import TimeSpec
from audience.rules import (
    Attribute,
    Group,
    IndicatorRule,
    Node,
    Op,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    shift,
)
from schema_catalog import Catalog


def birth_date(catalog: Catalog) -> str | None:
    """The profile's one date column opened to anniversaries (its birth date), if any."""
    table = catalog.table(catalog.profile.table)
    dates = [column.name for column in table.columns if column.anniversaries]
    return dates[0] if len(dates) == 1 else None


def read_turning(draft: Draft, catalog: Catalog) -> None:
    """Pass: an age reached within a period bounds the birth date (see the module docstring)."""
    column = birth_date(catalog)
    if column is None:
        return
    _table, found_column = catalog.column(f"{catalog.profile.table}.{column}")
    yearly = found_column.pii
    if yearly and age_indicator(catalog) is None:
        return
    for index, mention in enumerate(draft.mentions):
        reaching = mention.has(Role.TURNING) or _ordinal_birthday(draft, index, column)
        found = _reached(draft, index, catalog) if reaching else None
        if mention.used or found is None:
            continue
        years, (first, last), said = found
        if yearly:
            window = Window(type=WindowKind.BETWEEN, start=first, end=last)
            anchor = profile_date(draft, catalog, column, index, said, TimeSpec(window=window))
            anchor.turning = years
            return
        window = Window(
            type=WindowKind.BETWEEN,
            start=back_years(first, years),
            end=back_years(last, years),
        )
        profile_date(draft, catalog, column, index, said, TimeSpec(window=window))
        return


_MAX_PARTS = 3
"""A period spread over more birthdays than this is not read (it is not an age reached)."""


def build_turning(anchor: Anchor, context: BuildContext) -> Built:
    """The birthday in the period and the age on the data's date that reaches ``turning`` on
    it: one part per year of the data's date the period overlaps (see the module docstring)."""
    spec = anchor.time
    indicator = age_indicator(context.catalog)
    window = spec.window if spec is not None else None
    if window is None or window.start is None or window.end is None or indicator is None:
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="time")
    assert anchor.turning is not None
    as_of = context.as_of
    parts: list[Node] = []
    # birthdays in (as_of + (k-1) years, as_of + k years] are the k-th from the data's date
    k = 0
    while _year_from(as_of, k) >= window.start:
        k -= 1
    while _year_from(as_of, k) < window.end and len(parts) <= _MAX_PARTS:
        k += 1
        start = max(window.start, _year_from(as_of, k - 1) + timedelta(days=1))
        end = min(window.end, _year_from(as_of, k))
        if start > end:
            continue
        yearly = Attribute(
            field=anchor.sense.target, op=Op.ANNIVERSARY_BETWEEN, value=[str(start), str(end)]
        )
        age = IndicatorRule(indicator=indicator.name, op=Op.EQ, value=anchor.turning - k)
        parts.append(Group(op="and", rules=[yearly, age]))
    if not parts or len(parts) > _MAX_PARTS:
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="time")
    note = context.pack.say(
        "assume_turning", age=anchor.turning, before=anchor.turning - 1, day=str(as_of)
    )
    context.state(note)
    return parts[0] if len(parts) == 1 else Group(op="or", rules=parts)


def _year_from(day: date, years: int) -> date:
    return shift(day_start(day), years, TimeUnit.YEAR).date()


Reached = tuple[int, tuple[date, date], list[Mention]]


def _ordinal_birthday(draft: Draft, index: int, column: str) -> bool:
    """'their 50th birthday next month', 'leur 50e anniversaire', 'ihren 50. Geburtstag': the
    birth date's birthday word right after an age said as an ordinal reaches that age, as
    'turning 50' does."""
    mention = draft.mentions[index]
    senses = mention.senses
    if mention.kind is not SpanKind.TERM or not senses:
        return False
    if not all(s.kind is SenseKind.COLUMN and s.column == column for s in senses):
        return False
    before = index - 1
    if before > 0 and draft.mentions[before].has(Role.ORDINAL_SUFFIXES):
        before -= 1
    return before >= 0 and _age(draft.mentions[before]) is not None


def _reached(draft: Draft, index: int, catalog: Catalog) -> Reached | None:
    """(the age, the period's days, the mentions saying them) for the verb at ``index``: one
    age and one period in its clause, or both read as one time right after it."""
    clause = [m for m in draft.mentions if m.clause == draft.mentions[index].clause]
    words = _age_words(clause, catalog)
    joint = _age_then_period(draft, index + 1, catalog)
    if joint is not None:
        return joint[0], joint[1], [draft.mentions[index + 1], *words]
    ages = [(age, m) for m in clause if (age := _age(m)) is not None and not m.used]
    periods = [(days, m) for m in clause if (days := named_days(m.span.time)) and not m.used]
    if len(ages) != 1 or len(periods) != 1:
        return None
    return ages[0][0], periods[0][0], [ages[0][1], periods[0][1], *words]


def _age_then_period(
    draft: Draft, index: int, catalog: Catalog
) -> tuple[int, tuple[date, date]] | None:
    """'turning 50 next month': the age and the period read together as one time ('the next
    50 months'): the number is the age, the words after it the period."""
    if index >= len(draft.mentions) or draft.mentions[index].kind is not SpanKind.TIME:
        return None
    words = draft.mentions[index].words
    age = parse_number(words[0]) if words else None
    found = scan_time(words[1:], 0, catalog.as_of.date(), draft.pack) if age else None
    days = named_days(found[1]) if found and found[0] == len(words) - 1 else None
    fits = isinstance(age, int) and MIN_AGE <= age <= MAX_AGE
    return (age, days) if fits and days is not None else None  # type: ignore[return-value]


def _age(mention: Mention) -> int | None:
    quantity = mention.span.quantity
    if mention.kind is not SpanKind.QUANTITY or quantity is None or quantity.op is not None:
        return None
    value = quantity.value
    return value if isinstance(value, int) and MIN_AGE <= value <= MAX_AGE else None


def _age_words(clause: list[Mention], catalog: Catalog) -> list[Mention]:
    """'30 ans', '30 years old': the catalog's age word after the number is part of it."""
    indicator = age_indicator(catalog)
    name = indicator.name if indicator is not None else None
    return [
        m
        for m in clause
        if m.kind is SpanKind.TERM
        and not m.used
        and m.senses
        and all(s.kind is SenseKind.INDICATOR and s.indicator == name for s in m.senses)
    ]
