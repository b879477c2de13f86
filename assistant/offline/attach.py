"""Third pass: times, quantities, sizes, negations and cues attach to anchors.

Every modifier has candidate anchors, each scored with the sentence: the same clause first, the
condition just before a time phrase (a year after 'joined' goes on the sign-up date), the anchor a
number stands next to ('shoe size over 42', '3 orders'), what the unit fits (currency on a spend,
'times' on a behaviour, a bare comparison of a person on their age). A number that measures the
audience itself ('around 10,000 people') is the expected size, never a rule.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.language import Pack, Role, fold
from assistant.offline.ages import MIN_AGE, age_anchor
from assistant.offline.ahead import (
    future_dated,
    nearest_reading,
    settled_said,
    unstated_ahead,
)
from assistant.offline.anchors import names_event, nearest, single_event
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.ends import absorb_named, last_seen
from assistant.offline.events import measured
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.negation import attach_negation
from assistant.offline.numbers import Quantity
from assistant.offline.spans import SpanKind
from assistant.offline.timespec import TimeSpec
from audience.rules import Op
from schema_catalog import Catalog, ColumnType, IndicatorType

TEMPORAL = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
NUMERIC = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL})


def _column_type(catalog: Catalog, anchor: Anchor) -> ColumnType | None:
    if anchor.kind is not SenseKind.COLUMN:
        return None
    return catalog.column(anchor.sense.target)[1].type


def takes_time(catalog: Catalog, anchor: Anchor) -> bool:
    return anchor.kind is SenseKind.EVENT or _column_type(catalog, anchor) in TEMPORAL


def takes_number(catalog: Catalog, anchor: Anchor) -> bool:
    if anchor.kind is SenseKind.INDICATOR:
        return catalog.indicator(anchor.sense.indicator or "").type is IndicatorType.NUMBER
    return anchor.kind is SenseKind.EVENT or _column_type(catalog, anchor) in NUMERIC


def _pick(anchors: list[Anchor], mention: Mention, index: int) -> Anchor | None:
    return nearest(anchors, mention.clause, index, same_clause=True) or nearest(
        anchors, mention.clause, index, same_clause=False
    )


# -- time -----------------------------------------------------------------------------------


def time_score(anchor: Anchor, mention: Mention, index: int) -> float:
    """How likely the time phrase at ``index`` modifies ``anchor``."""
    score = 4.0 if anchor.clause == mention.clause else 0.0
    score += 1.0 if anchor.position < index else 0.0
    return score - abs(anchor.position - index) / 100


def attach_time(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    mention = draft.mentions[index]
    spec = mention.span.time
    if spec is None:
        return
    free = [a for a in draft.anchors if takes_time(catalog, a) and a.time is None]
    if spec.anaphoric:
        free = [a for a in free if a.kind is SenseKind.EVENT]
    if not free:
        return
    anchor = max(free, key=lambda a: time_score(a, mention, index))
    ahead = future_dated(catalog, anchor) and not settled_said(catalog, anchor)
    spec = unstated_ahead(spec) if ahead else spec
    if spec.next_reading and ahead:
        spec, said = nearest_reading(spec, catalog.as_of.date())
        anchor.notes += [_year_note(spec, mention, pack)] if said else []
    anchor.time = spec
    draft.attach(anchor, mention)
    if spec.calendar_reading and spec.window:
        key = f"assume_calendar_{spec.calendar_reading}"
        first, last = spec.window.start, spec.window.end
        anchor.notes.append(pack.say(key, phrase=mention.text, first=first, last=last))
    if spec.calendar_ahead and spec.window is not None:
        start, end = spec.window.start, spec.window.end
        anchor.notes.append(
            pack.say("assume_next_period", phrase=mention.text, start=start, end=end)
        )
    _share_backwards(draft, anchor)
    _share_forwards(draft, anchor, index)


def _year_note(spec: TimeSpec, mention: Mention, pack: Pack) -> str:
    """'in April' with no year, on a date that may lie ahead: which April was taken."""
    windows = (spec.window, *spec.alternatives) if spec.window else spec.alternatives
    start, end = windows[0].start, windows[-1].end
    return pack.say("assume_period_year", phrase=mention.text, start=start, end=end)


def _share_backwards(draft: Draft, anchor: Anchor) -> None:
    """'visited the site or opened an email in the last week': the window applies to both."""
    position = draft.anchors.index(anchor)
    if position == 0 or anchor.kind is not SenseKind.EVENT or anchor.time is None:
        return
    previous = draft.anchors[position - 1]
    joined = previous.clause == anchor.clause - 1 and _or_between(draft, previous, anchor)
    untimed = previous.kind is SenseKind.EVENT and previous.time is None
    if untimed and joined and anchor.time.window is not None:
        previous.time = anchor.time


def _share_forwards(draft: Draft, anchor: Anchor, index: int) -> None:
    """'im Mai Wein oder Käse gekauft': a window said before both alternatives dates both."""
    position = draft.anchors.index(anchor)
    if index > anchor.position or position + 1 >= len(draft.anchors) or anchor.time is None:
        return
    following = draft.anchors[position + 1]
    joined = following.clause == anchor.clause + 1 and _or_between(draft, anchor, following)
    untimed = following.kind is SenseKind.EVENT and following.time is None
    if anchor.kind is SenseKind.EVENT and untimed and joined and anchor.time.window is not None:
        following.time = anchor.time


def _or_between(draft: Draft, left: Anchor, right: Anchor) -> bool:
    between = draft.mentions[left.position + 1 : right.position]
    return any(m.kind is SpanKind.CONNECTOR for m in between) and not any(
        m.kind is SpanKind.NEGATION for m in between
    )


# -- quantities -----------------------------------------------------------------------------


def quantity_score(
    anchor: Anchor, mention: Mention, index: int, quantity: Quantity, catalog: Catalog
) -> float:
    """How likely the number at ``index`` measures ``anchor``."""
    same = anchor.clause == mention.clause
    score = 4.0 if same else 0.0
    if same and anchor.position in {index + 1, index - 1}:
        score += 3.0
    elif same and anchor.position == index + 2:
        score += 1.5
    if quantity.unit == "times":
        score += 3.0 if anchor.kind is SenseKind.EVENT else -10.0
    elif quantity.unit == "currency":
        score += 2.0 if anchor.kind is SenseKind.EVENT and _money(anchor, catalog) else 0.0
    return score - abs(anchor.position - index) / 100


def _money(anchor: Anchor, catalog: Catalog) -> bool:
    table = catalog.table(anchor.sense.table or "")
    return any(table.column(m).type is ColumnType.DECIMAL for m in table.measures)


def attach_quantity(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    mention = draft.mentions[index]
    quantity = mention.span.quantity
    if quantity is None:
        return
    takers = [a for a in draft.anchors if takes_number(catalog, a) and _open(a.quantity)]
    anchor = None
    if _describes_person(draft, index, takers):
        anchor = age_anchor(draft, index, catalog, pack)
    if anchor is None and takers:
        best = max(takers, key=lambda a: quantity_score(a, mention, index, quantity, catalog))
        if quantity_score(best, mention, index, quantity, catalog) > -5:
            anchor = best
    if anchor is None and quantity.unit == "currency":
        anchor = money_event(draft, index, catalog, pack)
    anchor = anchor or age_anchor(draft, index, catalog, pack, least=MIN_AGE)
    if anchor is None:
        return
    anchor.quantity = quantity
    draft.attach(anchor, mention)


def _open(quantity: Quantity | None) -> bool:
    """No number yet, or only 'at least once' (what any behaviour already means): 'mindestens
    einmal mehr als 55 Liter' puts the 55 litres on the fill, not on someone's age."""
    return quantity is None or (
        quantity.unit == "times" and quantity.op is Op.GTE and quantity.value == 1
    )


def _describes_person(draft: Draft, index: int, takers: list[Anchor]) -> bool:
    """'people under 25 who …': right after a person word, with nothing to count in its clause."""
    mention = draft.mentions[index]
    if index == 0 or nearest(takers, mention.clause, index, same_clause=True):
        return False
    kinds = {sense.kind for sense in draft.mentions[index - 1].senses}
    return bool(kinds & {SenseKind.SUBJECT, SenseKind.VALUE})


def money_event(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> Anchor | None:
    """'more than 200 euros' with no verb: the event whose measure the currency names."""
    currency = pack.table(Role.CURRENCY).words()
    for table in catalog.event_tables:
        for name in table.measures:
            words = {fold(word) for word in table.column(name).synonyms}
            if words & currency:
                anchor = draft.add(Sense(SenseKind.EVENT, table=table.name), index)
                draft.narrow_measures(anchor, {name})
                return anchor
    return None


# -- size, negation, lapse, cues ------------------------------------------------------------


def attach_size(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """'around 10,000 people': the size the audience should have, fed to the size policy."""
    mention = draft.mentions[index]
    if mention.span.size is not None and draft.expected_size is None:
        draft.expected_size = mention.span.size
        draft.size_mentions.append(mention)
        mention.used = True


def attach_lapse(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """'bought before but not in the last year', 'nothing in 6 months but bought before': a
    negation followed by a window and by no rule of its own clause."""
    mentions = draft.mentions
    following = mentions[index + 1] if index + 1 < len(mentions) else None
    if following is None or following.kind is not SpanKind.TIME or following.used:
        return
    spec = following.span.time
    clause = mentions[index].clause
    if spec is None or spec.window is None:
        return
    if any(a.position > index and a.clause == clause for a in draft.anchors):
        return
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT and a.lapse is None]
    anchor = _pick(events, mentions[index], index)
    if anchor is None:
        return
    anchor.lapse = spec
    draft.attach(anchor, mentions[index])
    draft.attach(anchor, following)


def _next_anchor(draft: Draft, index: int, kinds: set[SenseKind], span: int) -> Anchor | None:
    close = [a for a in draft.anchors if a.kind in kinds and 0 < a.position - index <= span]
    return min(close, key=lambda a: a.position) if close else None


def attach_average(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    mention = draft.mentions[index]
    anchor = _next_anchor(draft, index, {SenseKind.EVENT}, 4)
    anchor = anchor or _pick(
        [a for a in draft.anchors if a.kind is SenseKind.EVENT], mention, index
    )
    anchor = anchor or money_event(draft, index, catalog, pack)
    if anchor:
        anchor.average = True
        draft.attach(anchor, mention)


def attach_one_go(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """'40 kWh in one go', 'über 100 GB in einem Monat': the threshold holds for one event
    (the highest), not for the sum — on the behaviour of the clause that carries an amount;
    with none, the cue stays unread and is reported."""
    mention = draft.mentions[index]
    amounts = [a for a in draft.anchors if a.kind is SenseKind.EVENT and measured(a)]
    here = [a for a in amounts if a.clause == mention.clause]
    anchor = _pick(here or amounts, mention, index)
    if anchor:
        anchor.single = True
        draft.attach(anchor, mention)


def attach_strong(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """'strong appetite', 'high churn risk' — or, adjective after the noun, 'appétence forte'."""
    anchor = _next_anchor(draft, index, {SenseKind.INDICATOR}, 3) or _previous_indicator(
        draft, index
    )
    if anchor:
        anchor.strong = True
        draft.attach(anchor, draft.mentions[index])


def _previous_indicator(draft: Draft, index: int) -> Anchor | None:
    mention = draft.mentions[index]
    close = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.INDICATOR
        and 0 < index - a.position <= 2
        and a.clause == mention.clause
    ]
    return max(close, key=lambda a: a.position) if close else None


def attach_recency(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """'last purchase', 'most recent order': the behaviour's latest occurrence is measured."""
    anchor = _next_anchor(draft, index, {SenseKind.EVENT}, 5)
    if anchor and _recency_reaches(draft, index, anchor, catalog):
        anchor.recency = True
        draft.attach(anchor, draft.mentions[index])
        return
    table = _table_near(draft, index)
    if table is not None and last_seen(table, catalog):
        draft.attach(table, draft.mentions[index])
        absorb_named(draft, table, catalog, index)


def _table_near(draft: Draft, index: int) -> Anchor | None:
    """The table named just after 'last' ('last app open'), else just before ('App-Nutzer,
    deren letzter Login')."""
    after = _next_anchor(draft, index, {SenseKind.TABLE}, 3)
    before = [a for a in draft.anchors if a.kind is SenseKind.TABLE and 0 < index - a.position <= 4]
    return after or (max(before, key=lambda a: a.position) if before else None)


def _recency_reaches(draft: Draft, index: int, anchor: Anchor, catalog: Catalog) -> bool:
    """The cue and its behaviour share a clause, or only the behaviour's own noun stands between
    them ('last contact with customer care')."""
    if anchor.clause == draft.mentions[index].clause:
        return anchor.position - index <= 3
    between = draft.mentions[index + 1 : anchor.position]
    nouns = [m for m in between if m.kind not in {SpanKind.CONNECTOR, SpanKind.WORD}]
    return bool(nouns) and all(names_event(catalog, anchor, m) for m in nouns)


Attacher = Callable[[Draft, int, Catalog, Pack], None]
Test = Callable[[Mention], bool]


def _is(kind: SpanKind) -> Test:
    return lambda mention: mention.kind is kind


def _role(role: Role) -> Test:
    return lambda mention: mention.kind in {SpanKind.WORD, SpanKind.TERM} and mention.has(role)


def _average_span(mention: Mention) -> bool:
    return mention.kind is SpanKind.AVERAGE or (
        mention.kind is SpanKind.WORD and mention.has(Role.AVERAGE)
    )


def _strong_span(mention: Mention) -> bool:
    return mention.kind in {SpanKind.WORD, SpanKind.TERM} and (
        mention.has(Role.STRONG) or mention.has(Role.LIKELY)
    )


ATTACHERS: tuple[tuple[Test, Attacher], ...] = (
    (_is(SpanKind.SIZE), attach_size),
    (_role(Role.RECENCY), attach_recency),
    (_is(SpanKind.NEGATION), attach_lapse),
    (_average_span, attach_average),
    (_is(SpanKind.QUANTITY), attach_quantity),
    (_is(SpanKind.TIME), attach_time),
    (_is(SpanKind.NEGATION), attach_negation),
    (_strong_span, attach_strong),
    (_role(Role.ONE_GO), attach_one_go),
)
"""Applied in this order, each over the whole sentence (quantities before times: '3 orders in 6
months'; the lapse form of a negation before the plain one)."""


def attach_modifiers(draft: Draft, catalog: Catalog, pack: Pack) -> None:
    """Attach every modifier to its anchor; unattached ones stay unused (and are reported)."""
    for test, attacher in ATTACHERS:
        for index, mention in enumerate(draft.mentions):
            if test(mention) and not mention.used:
                attacher(draft, index, catalog, pack)
    for anchor in draft.anchors:
        if anchor.kind is SenseKind.EVENT and anchor.mentions:
            anchor.single = anchor.single or single_event(draft, anchor)
        anchor.time = anchor.time or anchor.default_time
