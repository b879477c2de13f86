"""Reaching an age within a period: 'customers turning 30 in November', 'VIPs turning 40 this
year', 'clientes qui auront 30 ans en novembre', 'Kunden, die im November 30 werden'.

A verb of reaching an age (``periods.turning``), an age (a bare number an age can be) and a
period in its clause date the birth that many years before the period: born between its first
day and its last, N years earlier (a named month is its next occurrence). The birth date is the
profile's date the catalog opens to anniversaries; without one nothing is read here, and the
words are reported as not read. Read before anchors are seeded, so the number is not taken as
an age threshold or a count.
"""

from __future__ import annotations

from datetime import date

from assistant.language import Role
from assistant.offline.ages import MAX_AGE, MIN_AGE, age_indicator
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.numbers import parse_number
from assistant.offline.spans import SpanKind
from assistant.offline.tenure import back_years, named_days, profile_date
from assistant.offline.times import scan_time
from assistant.offline.timespec import TimeSpec
from audience.rules import Window, WindowKind
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
    for index, mention in enumerate(draft.mentions):
        found = _reached(draft, index, catalog) if mention.has(Role.TURNING) else None
        if mention.used or found is None:
            continue
        years, (first, last), said = found
        window = Window(
            type=WindowKind.BETWEEN,
            start=back_years(first, years),
            end=back_years(last, years),
        )
        profile_date(draft, catalog, column, index, said, TimeSpec(window=window))
        return


Reached = tuple[int, tuple[date, date], list[Mention]]


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
