"""Tenure: how long a profile has been one bounds the date the catalog names as when each
profile joined (``profile.since``).

'been with us 8 years or more', 'client depuis plus de 3 ans', 'seit mindestens 10 Jahren bei
uns': a length of time next to a tenure cue of the language pack (``periods.tenure``), which
no other rule of its clause took and in a clause with no event and no negation, says how long
ago the profile joined. 'At least N years', 'for N years' join on or before as_of − N years;
'more than' strictly before; 'less than' after; 'at most' on or after (docs/time.md#tenure).
Without ``profile.since`` nothing is read here, and the words are reported as not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.language import Pack, Role
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.spans import SpanKind
from assistant.offline.timespec import Ago, TimeSpec, count_at, skip, unit_at
from audience.rules import Op, TimeUnit
from schema_catalog import Catalog

NEAR = 5
"""How many words before a cue a length may start ('seit mindestens 10 Jahren bei uns')."""
_TAKEN_BY_OTHERS = frozenset({SpanKind.NEGATION})


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
    unit = unit_at(words, counted[0], pack) if counted else None
    if counted is None or unit is None or unit[2] in (TimeUnit.DAY, TimeUnit.WEEK):
        return None
    after = pack.after_number.match(words, unit[0])
    op = compared[1] if compared else (after[1] if after else Op.GTE)
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


def _quiet_clause(draft: Draft, clause: int) -> bool:
    """No event and no negation in the clause: nothing else the length could be about."""
    events = any(a.kind is SenseKind.EVENT and a.clause == clause for a in draft.anchors)
    negated = any(m.kind in _TAKEN_BY_OTHERS and m.clause == clause for m in draft.mentions)
    return not events and not negated


def read_tenure(draft: Draft, catalog: Catalog) -> None:
    """Pass: a length next to a tenure cue bounds ``profile.since`` (see the module docstring)."""
    since = catalog.profile.since
    if since is None:
        return
    words, owners = _flat(draft)
    for start in range(len(words)):
        cue = draft.pack.has(Role.TENURE, words, start)
        length = _length_near(words, start, start + cue, draft.pack) if cue else None
        if length is None:
            continue
        low, high = min(start, length.start), max(start + cue, length.end)
        mentions = [draft.mentions[i] for i in sorted(set(owners[low:high]))]
        clause = mentions[0].clause
        if not all(map(_free, mentions)) or not _quiet_clause(draft, clause):
            continue
        sense = Sense(SenseKind.COLUMN, table=catalog.profile.table, column=since)
        taken = [i for i in sorted(set(owners[low:high])) if not draft.mentions[i].used]
        anchor = draft.add(sense, taken[0], draft.mentions[taken[0]])
        for index in taken[1:]:
            draft.attach(anchor, draft.mentions[index])
        anchor.time = TimeSpec(ago=Ago(length.op, length.amount, length.unit))
        return
