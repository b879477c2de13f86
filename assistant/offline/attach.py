"""Times, quantities, sizes and negations attach to anchors (the third pass: ``modifiers``).

Every modifier has candidate anchors, each scored with the sentence: the same clause first, the
condition just before a time phrase (a year after 'joined' goes on the sign-up date), the anchor a
number stands next to ('shoe size over 42', '3 orders'), what the unit fits (currency on a spend,
'times' on a behaviour, a bare comparison of a person on their age). A number that measures the
audience itself ('around 10,000 people') is the expected size, never a rule.
"""

from __future__ import annotations

from datetime import timedelta

from assistant.language import Pack, Role, fold
from assistant.offline.ages import MIN_AGE, age_anchor
from assistant.offline.ahead import (
    future_dated,
    nearest_reading,
    settled_said,
    unstated_ahead,
    whole_period,
)
from assistant.offline.anchor_base import nearest
from assistant.offline.clauses import after_window
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.durations import duration_measures, duration_table
from assistant.offline.events import money_measures
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.spans import Connector, Negation, SpanKind
from assistant.offline.timespec import TimeSpec
from assistant.offline.unit_words import fold_verb, unit_named
from audience.rules import Op, day_start
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


def pick_anchor(anchors: list[Anchor], mention: Mention, index: int) -> Anchor | None:
    """The anchor nearest ``mention``, in its clause first."""
    return nearest(anchors, mention.clause, index, same_clause=True) or nearest(
        anchors, mention.clause, index, same_clause=False
    )


# -- time -----------------------------------------------------------------------------------


def time_score(anchor: Anchor, mention: Mention, index: int) -> float:
    """How likely the time phrase at ``index`` modifies ``anchor``."""
    score = 4.0 if anchor.clause == mention.clause else 0.0
    score += 1.0 if anchor.position < index else 0.0
    return score - abs(anchor.position - index) / 100


def _lengthens(held: TimeSpec, spec: TimeSpec, anchor: Anchor, mention: Mention) -> bool:
    """'anstehende Geburtstage in den nächsten 10 Tagen': a length ahead, in the same clause,
    replaces the 'upcoming' (still ahead, no length) the anchor took first."""
    ahead = spec.ahead is not None or spec.calendar_ahead
    return held.open_ahead and ahead and anchor.clause == mention.clause


def attach_time(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    mention = draft.mentions[index]
    spec = mention.span.time
    if spec is None:
        return
    free = [
        a
        for a in draft.anchors
        if takes_time(catalog, a)
        and not a.holding  # 'Onda+ subscribers': held now; a time belongs to a verb
        and (a.time is None or _lengthens(a.time, spec, a, mention))
    ]
    if spec.anaphoric:
        free = [a for a in free if a.kind is SenseKind.EVENT]
    free = [a for a in free if a.clause == mention.clause or not _never_said(draft, a)]
    if not free:
        _points_back(draft, mention, spec)
        return
    anchor = max(free, key=lambda a: time_score(a, mention, index))
    ahead = future_dated(catalog, anchor) and not settled_said(catalog, anchor)
    spec = whole_period(unstated_ahead(spec)) if ahead else spec
    if spec.next_reading and ahead:
        spec, said = nearest_reading(spec, catalog.as_of.date())
        anchor.notes += [_year_note(spec, mention, pack)] if said else []
    anchor.time = spec
    draft.attach(anchor, mention)
    if spec.calendar_reading and spec.window:
        key = f"assume_calendar_{spec.calendar_reading}"
        first, last = spec.window.start, spec.window.end
        anchor.notes.append(pack.say(key, phrase=mention.text, first=first, last=last))
    if spec.today and catalog.as_of == day_start(catalog.as_of.date()):
        day = catalog.as_of.date() - timedelta(days=1)
        anchor.notes.append(pack.say("assume_today_midnight", phrase=mention.text, day=day))
    if spec.calendar_ahead and spec.window is not None:
        start, end = spec.window.start, spec.window.end
        anchor.notes.append(
            pack.say("assume_next_period", phrase=mention.text, start=start, end=end)
        )
    _share_backwards(draft, anchor)
    _share_forwards(draft, anchor, index)
    _share_tail(draft, anchor, index, catalog)


def _never_said(draft: Draft, anchor: Anchor) -> bool:
    """'… last summer and have never tried a free trial': a behaviour said with 'never' is over
    all time — a window of another clause is not its own (it was read as none last summer)."""
    return any(
        m.kind is SpanKind.NEGATION
        and m.span.negation is Negation.NEVER
        and m.clause == anchor.clause
        for m in draft.mentions[: anchor.position]
    )


def _year_note(spec: TimeSpec, mention: Mention, pack: Pack) -> str:
    """'in April' with no year, on a date that may lie ahead: which April was taken."""
    windows = (spec.window, *spec.alternatives) if spec.window else spec.alternatives
    start, end = windows[0].start or windows[0].end, windows[-1].end
    return pack.say("assume_period_year", phrase=mention.text, start=start, end=end)


def _share_backwards(draft: Draft, anchor: Anchor) -> None:
    """'visited the site or opened an email in the last week': the window applies to both."""
    position = draft.anchors.index(anchor)
    if position == 0 or anchor.kind is not SenseKind.EVENT or anchor.time is None:
        return
    previous = draft.anchors[position - 1]
    joined = previous.clause == anchor.clause - 1 and _or_between(draft, previous, anchor)
    untimed = previous.kind is SenseKind.EVENT and previous.time is None and not previous.holding
    if untimed and joined and anchor.time.window is not None:
        previous.time = anchor.time


def _share_tail(draft: Draft, anchor: Anchor, index: int, catalog: Catalog) -> None:
    """'women who bought shoes or men who bought bags, last 6 months': a time set apart by a
    comma at the very end, after every condition, is said once of every behaviour before it —
    each untimed one takes it, not only the nearest (a 'never' takes no window)."""
    if anchor.kind is not SenseKind.EVENT or anchor.time is None or anchor.time.window is None:
        return
    mention, before = draft.mentions[index], draft.mentions[index - 1] if index else None
    apart = before is not None and before.span.connector is Connector.SEPARATOR
    last = all(m.kind is SpanKind.CONNECTOR for m in draft.mentions[index + 1 :])
    if not (apart and last) or any(a.clause >= mention.clause for a in draft.anchors):
        return
    ahead = future_dated(catalog, anchor)
    for other in draft.anchors:
        untimed = other.time is None and not other.holding and not other.never
        if other.kind is SenseKind.EVENT and untimed and future_dated(catalog, other) == ahead:
            other.time = anchor.time


def _share_forwards(draft: Draft, anchor: Anchor, index: int) -> None:
    """'im Mai Wein oder Käse gekauft': a window said before both alternatives dates both."""
    position = draft.anchors.index(anchor)
    if index > anchor.position or position + 1 >= len(draft.anchors) or anchor.time is None:
        return
    following = draft.anchors[position + 1]
    joined = following.clause == anchor.clause + 1 and _or_between(draft, anchor, following)
    untimed = following.kind is SenseKind.EVENT and following.time is None and not following.holding
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
    elif quantity.unit == "seconds":
        score += 3.0 if _lasts(anchor, catalog) else -10.0
    elif quantity.unit == "currency":
        score += 2.0 if anchor.kind is SenseKind.EVENT and _money(anchor, catalog) else 0.0
    return score - abs(anchor.position - index) / 100


def _lasts(anchor: Anchor, catalog: Catalog) -> bool:
    """A behaviour whose events record a length of time."""
    if anchor.kind is not SenseKind.EVENT:
        return False
    return bool(duration_measures(catalog.table(anchor.sense.table or "")))


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
    lasting = quantity.unit == "seconds"
    if not lasting and _describes_person(draft, index, takers):
        anchor = age_anchor(draft, index, catalog, pack)
    if anchor is None and (anchor := unit_named(draft, index, takers, catalog)) is not None:
        fold_verb(draft, index, anchor)
    if anchor is None and takers:
        best = max(takers, key=lambda a: quantity_score(a, mention, index, quantity, catalog))
        fits = not lasting or _lasts(best, catalog)  # a length of time on what records one
        if fits and quantity_score(best, mention, index, quantity, catalog) > -5:
            anchor = best
    if anchor is None and quantity.unit == "currency":
        if each_event_amount(draft, index, catalog, pack):
            return
        anchor = money_event(draft, index, catalog, pack)
    if anchor is None and lasting and (table := duration_table(catalog)) is not None:
        anchor = draft.add(Sense(SenseKind.EVENT, table=table), index)
        fold_verb(draft, index, anchor)  # 'spent more than 30 minutes': the visit's verb
    if not lasting:
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


def each_event_amount(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> bool:
    """'at least 2 orders above €90', 'au moins 2 commandes de plus de 90 €': an amount right
    after counted events (the count already taken) is what each of them passes — a filter on
    the event's one money measure, said as an assumption — not a second rule on their total."""
    mention = draft.mentions[index]
    anchor = _counted_before(draft, index)
    money = money_measures(catalog.table(anchor.sense.table or ""), pack) if anchor else []
    if anchor is None or mention.span.quantity is None or len(money) != 1:
        return False
    anchor.each_amount = (money[0], mention.span.quantity)
    draft.attach(anchor, mention)
    first = min(draft.mentions.index(m) for m in anchor.mentions)
    phrase = " ".join(m.text for m in draft.mentions[first : index + 1])
    anchor.notes.append(pack.say("assume_each_event", phrase=phrase))
    return True


def _counted_before(draft: Draft, index: int) -> Anchor | None:
    """The event named just before ``index`` (a grammar word between) with a count of it."""
    mention = draft.mentions[index]
    between = index - 2 >= 0 and _grammar(draft.mentions[index - 1])
    positions = {index - 1, index - 2} if between else {index - 1}
    for anchor in draft.anchors:
        count = anchor.quantity
        counted = count is not None and not _open(count) and count.unit in (None, "times")
        here = anchor.clause == mention.clause and anchor.position in positions
        if anchor.kind is SenseKind.EVENT and counted and here:
            return anchor
    return None


def _grammar(mention: Mention) -> bool:
    return mention.kind is SpanKind.WORD and mention.has(Role.FUNCTION)


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
    negation next to a window ('aber seit Januar nicht mehr': the window may come first) and
    no rule of its own clause."""
    mentions = draft.mentions
    following = _lapse_window(mentions, index)
    if following is None:
        return
    spec = following.span.time
    clause = mentions[index].clause
    if spec is None or (spec.window is None and not spec.anaphoric):
        return
    if any(a.position > index and a.clause == clause for a in draft.anchors):
        return
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT and a.lapse is None]
    anchor = pick_anchor(events, mentions[index], index)
    if spec.window is None and anchor is not None:  # 'bought in March but not since'
        spec = after_window(anchor.time or _own_time(draft, anchor, index))
    if anchor is None or spec is None:
        return
    anchor.lapse = spec
    anchor.lapse_any = mentions[index].has(Role.NOTHING)
    draft.attach(anchor, mentions[index])
    draft.attach(anchor, following)


def _own_time(draft: Draft, anchor: Anchor, index: int) -> TimeSpec | None:
    """The period said in ``anchor``'s clause ('im März gekauft': before its verb too), before
    the negation at ``index`` (times attach after lapses): what a bare 'since' starts after."""
    times = [
        m.span.time
        for m in draft.mentions[:index]
        if m.kind is SpanKind.TIME and m.clause == anchor.clause and not m.used
    ]
    return times[-1] if times else None


def _points_back(draft: Draft, mention: Mention, spec: TimeSpec) -> None:
    """'dormantes depuis le printemps, plus aucune commande depuis': a bare 'since' whose
    behaviour already holds the period said before points back at that period."""
    if not spec.anaphoric or spec.window is not None:
        return
    dated = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT
        and a.clause == mention.clause
        and (a.time or a.lapse) is not None
        and any(m.kind is SpanKind.TIME and m is not mention for m in a.mentions)
    ]
    if len(dated) == 1:
        draft.attach(dated[0], mention)


def _lapse_window(mentions: list[Mention], index: int) -> Mention | None:
    """The unused window right after the negation (past function words: 'ne l'ont plus fait
    depuis mars'), or right before it when the negation ends its clause ('seit Januar nicht
    mehr')."""
    after = next((m for m in mentions[index + 1 :] if not _filler_word(m)), None)
    if after is not None and after.kind is SpanKind.TIME and not after.used:
        return after
    before = mentions[index - 1] if index else None
    if before is None or before.kind is not SpanKind.TIME or before.used:
        return None
    ends = after is None or after.clause != mentions[index].clause
    return before if ends and before.clause == mentions[index].clause else None


def _filler_word(mention: Mention) -> bool:
    """A function word with no catalog sense ('fait', 'getan', 'done')."""
    return mention.kind is SpanKind.WORD and not mention.senses and mention.has(Role.FUNCTION)
