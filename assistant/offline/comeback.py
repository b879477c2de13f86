"""Win-back: 'came back in the last 2 weeks after a 3+ month break', 'revenus ce mois-ci après
6 mois sans achat', 'nach über 3 Monaten Pause in den letzten 2 Wochen wieder eingekauft'.

Coming back says three things of one behaviour: it happened in the window, not in the break of
the stated length just before that window, and at least once before the break (one cannot come
back without having been there). The words of the break ('nothing bought for 6+ months before
that', 'sans achat') are not a negation of their own: read alone they would select the people
who did *not* come back. With no length for the break ('after a long break') the planner asks.
"""

from __future__ import annotations

from datetime import date, timedelta

from assistant.language import Pack, Role, fold
from assistant.offline.draft import Ambiguity, Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind
from assistant.offline.timespec import TimeSpec, last_window
from audience.rules import (
    Behavior,
    Group,
    Node,
    TimeUnit,
    Window,
    WindowKind,
    day_start,
    resolve_window,
    shift,
)


def read_comeback(draft: Draft) -> None:
    """Pass: one behaviour back in a window after a break becomes that behaviour's win-back."""
    mentions = draft.mentions
    back = next((m for m in mentions if _says_back(draft, m)), None)
    if back is None:
        return
    pause = [m for m in mentions if m.has(Role.PAUSE) or _after_word(draft, m)]
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT]
    window = _recent_window(draft, back)
    if not pause or len({a.sense.table for a in events}) != 1 or window is None:
        return
    if any(window in a.mentions for a in draft.anchors if a.kind is not SenseKind.EVENT):
        return
    anchor = min(events, key=lambda a: a.position)
    for other in [a for a in events if a is not anchor]:
        _merge(draft, anchor, other)
    anchor.negate, anchor.never, anchor.lapse = False, False, None
    anchor.time = window.span.time
    after = [m for m in mentions if m.clause == back.clause and m.has(Role.SINCE) and not m.used]
    for mention in (back, window, *pause, *after):
        draft.attach(anchor, mention)
    _break_length(draft, anchor, back, window, pause)


def _break_length(
    draft: Draft, anchor: Anchor, back: Mention, window: Mention, pause: list[Mention]
) -> None:
    """The break's length on ``anchor``, its words attached; with none stated, a question."""
    gap = _gap(draft, window)
    if gap is None:
        phrase = " ".join(m.text for m in pause if m.has(Role.PAUSE)) or back.text
        draft.ambiguities.append(Ambiguity(phrase, reason="comeback"))
        return
    length, used = gap
    anchor.comeback = length
    if any(m.kind is SpanKind.QUANTITY and m in anchor.mentions for m in used):
        anchor.quantity = None  # '3+ months' is the break's length, not a count of events
    clauses = {m.clause for m in (*used, *anchor.mentions) if m.clause != back.clause}
    for mention in (*used, *_break_words(draft, clauses)):
        draft.attach(anchor, mention)


def _says_back(draft: Draft, mention: Mention) -> bool:
    """'came back', 'a long break', or 'after 6 months without a purchase' (a length after
    'after' with a negation following it in its clause)."""
    if mention.has(Role.COMEBACK) or mention.has(Role.PAUSE):
        return True
    at = draft.mentions.index(mention)
    later = draft.mentions[at + 1 :]
    said = any(m.kind is SpanKind.NEGATION and m.clause == mention.clause for m in later)
    return said and _after_word(draft, mention)


def _after_word(draft: Draft, mention: Mention) -> bool:
    """'after' / 'après' / 'nach' right before a length of time: the break, said by its length."""
    at = draft.mentions.index(mention)
    return mention.has(Role.SINCE) and _length_at(draft, at + 1) is not None


def _recent_window(draft: Draft, back: Mention) -> Mention | None:
    """The window the people came back in: a dated window of the coming back's clause that is
    not a length of the break."""
    windows = [
        m
        for i, m in enumerate(draft.mentions)
        if m.kind is SpanKind.TIME
        and m.span.time is not None
        and m.span.time.window is not None
        and m.clause == back.clause
        and not _breaks(draft, i)
    ]
    at = draft.mentions.index(back)
    return min(windows, key=lambda m: abs(draft.mentions.index(m) - at)) if windows else None


def _breaks(draft: Draft, index: int) -> bool:
    """A length that measures the break: after 'after', or in a clause saying there was none."""
    spec = draft.mentions[index].span.time
    if spec is None or spec.window is None or spec.window.type is not WindowKind.LAST:
        return False
    before = draft.mentions[index - 1] if index else None
    if before is not None and before.has(Role.SINCE):
        return True
    clause = draft.mentions[index].clause
    return spec.longer or any(
        m.clause == clause and m.kind is SpanKind.NEGATION for m in draft.mentions[:index]
    )


def _gap(draft: Draft, window: Mention) -> tuple[TimeSpec, list[Mention]] | None:
    """The break's length and its words: '6+ months', 'for 6+ months', '3 mois', 'über 3
    Monaten' — the first length of time in the request other than the window."""
    for index, mention in enumerate(draft.mentions):
        if mention is window:
            continue
        length = _length_at(draft, index)
        if length is not None:
            return length
    return None


def _length_at(draft: Draft, index: int) -> tuple[TimeSpec, list[Mention]] | None:
    """A length of time starting at mention ``index``: a 'last N units' time whose number is a
    length ('for 6+ months'), or a bare number before a unit word ('3+ months', '3 mois')."""
    mentions = draft.mentions
    if index >= len(mentions):
        return None
    mention = mentions[index]
    spec = mention.span.time
    if mention.kind is SpanKind.TIME and spec is not None and _breaks(draft, index):
        return spec, [mention]
    quantity = mention.span.quantity
    if mention.kind is not SpanKind.QUANTITY or quantity is None or index + 1 >= len(mentions):
        return None
    unit = _unit(draft.pack, mentions[index + 1])
    value = quantity.value
    if unit is None or isinstance(value, tuple) or not float(value).is_integer():
        return None
    multiple, time_unit = unit
    return last_window(int(value) * multiple, time_unit), [mention, mentions[index + 1]]


def _unit(pack: Pack, mention: Mention) -> tuple[int, TimeUnit] | None:
    words = tuple(fold(word) for word in mention.words)
    found = pack.units.match(words, 0)
    return found[1] if found is not None and found[0] == len(words) else None


def _merge(draft: Draft, anchor: Anchor, other: Anchor) -> None:
    """``other`` names the same behaviour ('nothing bought', 'sans achat'): its words and
    product filters join ``anchor``."""
    draft.anchors.remove(other)
    for column, values in other.filters.items():
        anchor.filters.setdefault(column, list(values))
    for mention in other.mentions:
        draft.attach(anchor, mention)


def _break_words(draft: Draft, clauses: set[int]) -> list[Mention]:
    """The negation and 'before (that)' of the break's own clause: part of the win-back."""
    return [
        m
        for m in draft.mentions
        if m.clause in clauses and (m.kind is SpanKind.NEGATION or m.has(Role.BEFORE))
    ]


def comeback_rules(behavior: Behavior, anchor: Anchor, as_of: date) -> Node:
    """``behavior`` in its window, none in the break just before the window, one before the
    break: 'back in the last 2 weeks after 6 months' from 2026-10-01 is an event on or after
    2026-09-17, none from 2026-03-17 to 2026-09-16, one before 2026-03-17."""
    length = anchor.comeback.window if anchor.comeback is not None else None
    back = behavior.window
    if length is None or back is None or length.unit is None:
        return behavior
    start = resolve_window(back, day_start(as_of))[0]
    if start is None:
        return behavior
    first = shift(start, -(length.amount or 0), length.unit).date()
    gap = Window(type=WindowKind.BETWEEN, start=first, end=start.date() - timedelta(days=1))
    earlier = Window(type=WindowKind.BEFORE, end=first)
    event, filters = behavior.event, behavior.filters
    return Group(
        op="and",
        rules=[
            behavior,
            Behavior(event=event, filters=filters, window=gap, negate=True),
            Behavior(event=event, filters=filters, window=earlier),
        ],
    )
