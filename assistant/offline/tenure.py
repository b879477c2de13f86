"""Tenure: how long a profile has been one bounds the date the catalog names as when each
profile joined (``profile.since``).

'been with us 8 years or more', 'client depuis plus de 3 ans', 'seit mindestens 10 Jahren bei
uns': a length of time next to a tenure cue of the language pack (``periods.tenure``), in a
clause that names no event and no negation, says how long ago the profile joined. 'At least N
years', 'for N years' join on or before as_of − N years; 'more than' strictly before; 'less
than' after; 'at most' on or after (docs/time.md#tenure). A period after it ('fêter ses 10 ans
d'adhésion en novembre') dates the join N years before that period (its next occurrence).
Read before anchors are seeded, so the length is not taken as an age or a count.
Without ``profile.since`` nothing is read here, and the words are reported as not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from assistant.language import Pack, Role
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.spans import SpanKind
from assistant.offline.times import scan_time
from assistant.offline.timespec import Ago, TimeSpec, count_at, skip, unit_at
from audience.rules import Op, TimeUnit, Window, WindowKind, day_start, shift
from schema_catalog import Catalog

NEAR = 5
"""How many words before a cue a length may start ('seit mindestens 10 Jahren bei uns')."""
_TAKEN_BY_OTHERS = frozenset({SpanKind.NEGATION})
_EVENTS = frozenset({SenseKind.EVENT, SenseKind.EVENT_VALUE})


@dataclass(frozen=True)
class _Length:
    """'more than 5 years' at words ``[start, end)``."""

    start: int
    end: int
    op: Op
    amount: int
    unit: TimeUnit


def _measured(words: list[str], index: int, pack: Pack) -> _Length | None:
    compared = pack.before_number.match(words, index)
    cursor = index + (compared[0] if compared else 0)
    counted = count_at(words, cursor, pack)
    # '5+ years': the comparison written between the number and its unit
    glued = pack.after_number.match(words, counted[0]) if counted and not compared else None
    unit = unit_at(words, counted[0] + (glued[0] if glued else 0), pack) if counted else None
    if counted is None or unit is None or unit[2] in (TimeUnit.DAY, TimeUnit.WEEK):
        return None
    after = pack.after_number.match(words, unit[0])
    said = glued or after
    op = compared[1] if compared else (said[1] if said else Op.GTE)
    end = unit[0] + (after[0] if after else 0)
    return _Length(index, end, op, counted[1] * unit[1], unit[2])


def _length_at(words: list[str], index: int, pack: Pack) -> _Length | None:
    """A length at ``index``, or after one opener ('for', 'depuis', 'seit') and articles."""
    found = _measured(words, index, pack)
    if found is not None:
        return found
    opener = max(pack.has(Role.WITHIN, words, index), pack.has(Role.SINCE, words, index))
    if not opener:
        return None
    found = _measured(words, skip(words, index + opener, pack, Role.ARTICLES), pack)
    return None if found is None else _Length(index, found.end, found.op, found.amount, found.unit)


def _length_near(words: list[str], start: int, end: int, pack: Pack) -> _Length | None:
    """The length right after the cue ``[start, end)``, or one that ends where it starts."""
    after = _length_at(words, end, pack)
    if after is not None:
        return after
    for first in range(max(start - NEAR, 0), start):
        before = _length_at(words, first, pack)
        if before is not None and before.end == start:
            return before
    return None


def _an_age(words: list[str], length: _Length, pack: Pack) -> bool:
    """'Kunden über 60 Jahre alt': an age word after the length ('alt', 'old') says how old the
    people are, not how long they have been customers."""
    return bool(pack.has(Role.AGE_WORDS, words, length.end))


def _flat(draft: Draft) -> tuple[list[str], list[int]]:
    """Every word of the request and the index of the mention it belongs to."""
    words: list[str] = []
    owners: list[int] = []
    for index, mention in enumerate(draft.mentions):
        words += mention.words
        owners += [index] * len(mention.words)
    return words, owners


def _free(mention: Mention) -> bool:
    """Not taken by a rule — a word naming the people themselves ('clients depuis') is fine."""
    subject = any(sense.kind is SenseKind.SUBJECT for sense in mention.senses)
    return not mention.used or (mention.kind is SpanKind.TERM and subject)


def _quiet(draft: Draft, clauses: set[int]) -> bool:
    """No event and no negation in the clauses: nothing else the length could be about."""
    return not any(
        m.clause in clauses
        and (m.kind in _TAKEN_BY_OTHERS or any(s.kind in _EVENTS for s in m.senses))
        for m in draft.mentions
    )


def _continued(draft: Draft, first: int) -> set[int]:
    """The clause before, when the cue opens its clause on a joining word right after a verb's
    words ('haven't filled up with us in over 6 months': where they filled up, not how long
    they have been customers); none after a separator ('bought fuel, with us for 5 years')."""
    mention = draft.mentions[first]
    before = draft.mentions[first - 1] if first else None
    if before is None or mention.kind is not SpanKind.CONNECTOR:
        return set()
    return set() if before.kind is SpanKind.CONNECTOR else {before.clause}


def named_days(spec: TimeSpec | None) -> tuple[date, date] | None:
    """The days of a named period ahead ('en octobre': the next October; 'this year': all)."""
    if spec is None:
        return None
    window = spec.next_reading[0] if spec.next_reading else spec.window
    end = spec.calendar_end if window and window.type is WindowKind.SINCE else None
    end = end or (window.end if window and window.type is WindowKind.BETWEEN else None)
    return (window.start, end) if window and window.start and end else None


def back_years(day: date, years: int) -> date:
    return shift(day_start(day), -years, TimeUnit.YEAR).date()


def _celebrated(
    draft: Draft, length: _Length, after: int, clauses: set[int]
) -> tuple[list[int], TimeSpec] | None:
    """'fêter ses 5 ans d'adhésion en octobre': a period after the length, in its clauses,
    dates the join N years before it; the words of celebrating there are part of it."""
    same = [i for i, m in enumerate(draft.mentions) if m.clause in clauses and not m.used]
    timed = sorted(
        (i for i in same if named_days(draft.mentions[i].span.time)), key=lambda i: abs(i - after)
    )
    if length.unit is not TimeUnit.YEAR or not timed:
        return None
    first, last = named_days(draft.mentions[timed[0]].span.time)  # type: ignore[misc]
    joined = (back_years(first, length.amount), back_years(last + timedelta(days=1), length.amount))
    window = Window(type=WindowKind.BETWEEN, start=joined[0], end=joined[1] - timedelta(days=1))
    verbs = [i for i in same if draft.pack.says(Role.ANNIVERSARY, draft.mentions[i].words)]
    return [timed[0], *verbs], TimeSpec(window=window)


def read_tenure(draft: Draft, catalog: Catalog) -> None:
    """Pass: a length next to a tenure cue bounds ``profile.since`` (see the module docstring)."""
    since = catalog.profile.since
    if since is None:
        return
    words, owners = _flat(draft)
    for start in range(len(words)):
        cue = draft.pack.has(Role.TENURE, words, start)
        length = _length_near(words, start, start + cue, draft.pack) if cue else None
        if length is None or _an_age(words, length, draft.pack):
            continue
        low, high = min(start, length.start), max(start + cue, length.end)
        taken = sorted(set(owners[low:high]))
        clauses = {draft.mentions[i].clause for i in taken} | _continued(draft, taken[0])
        if not all(_free(draft.mentions[i]) for i in taken) or not _quiet(draft, clauses):
            continue
        spec = TimeSpec(ago=Ago(length.op, length.amount, length.unit))
        celebrated = _celebrated(draft, length, taken[-1], clauses)
        if celebrated is not None:
            taken, spec = sorted({*taken, *celebrated[0]}), celebrated[1]
        _anchor(draft, catalog, [i for i in taken if not draft.mentions[i].used], spec)
        return
    _read_joined_in(draft, catalog)


def _read_joined_in(draft: Draft, catalog: Catalog) -> None:
    """'customers since 2019', 'clientes depuis mars 2021', 'been with us since 2020': a
    period named after 'since' right after the people (or a tenure cue), in a clause with no
    event, dates when they joined — within that period, and said so."""
    for index, mention in enumerate(draft.mentions):
        before = draft.mentions[index - 1] if index else None
        if mention.used or mention.kind is not SpanKind.TIME or before is None:
            continue
        if _joined_before(draft, index, catalog):
            return
        people = before.span.is_subject or before.has(Role.TENURE)
        named = _named_period(mention.words, draft.pack, catalog.as_of.date())
        if people and named is not None and _quiet(draft, {mention.clause}):
            taken = [index - 1, index] if before.has(Role.TENURE) else [index]
            _anchor(draft, catalog, taken, TimeSpec(window=named))
            draft.anchors[-1].notes.append(
                draft.pack.say("assume_joined_in", phrase=mention.text, time=_days(named))
            )
            return


def _joined_before(draft: Draft, index: int, catalog: Catalog) -> bool:
    """'been with us since before 2015', 'clients depuis avant 2015': 'since' and a time before
    a date, right after the people or a tenure cue, in a clause with no event: joined before
    that date."""
    mention, since = draft.mentions[index], draft.mentions[index - 1]
    window = mention.span.time.window if mention.span.time else None
    if window is None or window.type is not WindowKind.BEFORE or window.end is None:
        return False
    if index < 2 or since.used or not since.has(Role.SINCE) or len(since.words) != 1:
        return False
    before = draft.mentions[index - 2]
    people = before.span.is_subject or before.has(Role.TENURE)
    if not people or not _quiet(draft, {mention.clause}):
        return False
    taken = [index - 2, index - 1, index] if before.has(Role.TENURE) else [index - 1, index]
    _anchor(draft, catalog, taken, TimeSpec(window=window))
    return True


def _named_period(words: tuple[str, ...], pack: Pack, as_of: date) -> Window | None:
    """The whole period 'since <period>' names ('since 2019': 2019), read as 'in <period>'."""
    opener = pack.has(Role.SINCE, words, 0)
    tail = list(words[opener:])
    if not opener or not tail:
        return None
    for during in pack.table(Role.DURING).entries:
        found = scan_time([*during, *tail], 0, as_of, pack)
        if found is not None and found[0] == len(during) + len(tail):
            window = found[1].window
            if window is None or window.type is not WindowKind.BETWEEN or window.end is None:
                return None
            return window if window.end < as_of else None
    return None


def _days(window: Window) -> str:
    return f"{window.start} → {window.end}"


def _anchor(draft: Draft, catalog: Catalog, taken: list[int], spec: TimeSpec) -> None:
    since = catalog.profile.since
    assert since is not None  # the passes read nothing without it
    others = [draft.mentions[index] for index in taken[1:]]
    profile_date(draft, catalog, since, taken[0], others, spec)


def profile_date(
    draft: Draft, catalog: Catalog, column: str, index: int, others: list[Mention], spec: TimeSpec
) -> Anchor:
    """A rule on the profile's date ``column`` within ``spec``, said by the mention at ``index``
    and ``others``."""
    sense = Sense(SenseKind.COLUMN, table=catalog.profile.table, column=column)
    anchor = draft.add(sense, index, draft.mentions[index])
    for other in others:
        draft.attach(anchor, other)
    anchor.time = spec
    return anchor
