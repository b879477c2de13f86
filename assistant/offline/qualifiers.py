"""Words that qualify a behaviour or an indicator rather than make a rule: 'on average',
'in one go', 'strong' / 'high', 'last' ('last purchase', 'most recent order')."""

from __future__ import annotations

from itertools import chain

from assistant.language import Pack, Role, all_packs, fold
from assistant.offline.attach import money_event, pick_anchor
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.ends import absorb_named, last_seen
from assistant.offline.event_words import names_event
from assistant.offline.events import measured
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog


def _next_anchor(draft: Draft, index: int, kinds: set[SenseKind], span: int) -> Anchor | None:
    close = [a for a in draft.anchors if a.kind in kinds and 0 < a.position - index <= span]
    return min(close, key=lambda a: a.position) if close else None


def attach_average(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    mention = draft.mentions[index]
    anchor = _next_anchor(draft, index, {SenseKind.EVENT}, 4)
    anchor = anchor or pick_anchor(
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
    anchor = pick_anchor(here or amounts, mention, index)
    period = _period_said(mention, pack)
    if anchor and period is not None and period not in _grain(catalog, anchor, pack):
        return  # 'over €300 in a single month' of baskets: a month's total, which no rule states
    if anchor:
        anchor.single = True
        draft.attach(anchor, mention)


def _period_said(mention: Mention, pack: Pack) -> tuple[int, str] | None:
    """The length of time a one-event cue names ('in a single month' → 1 month), if any."""
    words = mention.words
    found = (pack.units.match(words, i) for i in range(len(words)))
    return next(((hit[1][0], str(hit[1][1])) for hit in found if hit is not None), None)


def _grain(catalog: Catalog, anchor: Anchor, pack: Pack) -> set[tuple[int, str]]:
    """The units of time one of the behaviour's rows stands for: those its date column's own
    words name ('usage_month', synonyms 'month' / 'Monat': one row per month)."""
    table = catalog.table(anchor.sense.table or "")
    if table.timestamp is None:
        return set()
    column = table.column(table.timestamp)
    names = (column.name.replace("_", " "), column.label or "", *column.labels.values())
    words = [w for name in (*names, *column.synonyms) for w in fold(name).split()]
    return {
        (hit[1][0], str(hit[1][1]))
        for other in all_packs()
        for i in range(len(words))
        if (hit := other.units.match(words, i)) is not None
    }


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
    anchor = _next_anchor(draft, index, {SenseKind.EVENT}, 5) or _named_next(draft, index)
    anchor = anchor or _done_before(draft, index)
    if anchor and _recency_reaches(draft, index, anchor, catalog):
        anchor.recency = True
        draft.attach(anchor, draft.mentions[index])
        return
    table = _table_near(draft, index)
    if table is not None and last_seen(table, catalog):
        draft.attach(table, draft.mentions[index])
        absorb_named(draft, table, catalog, index)


def _named_next(draft: Draft, index: int) -> Anchor | None:
    """'fuel customers – last fill-up': the behaviour named again right after the cue, its rule
    standing on an earlier word of it."""
    following = draft.mentions[index + 1] if index + 1 < len(draft.mentions) else None
    for anchor in draft.anchors if following is not None else ():
        if anchor.kind is SenseKind.EVENT and any(m is following for m in anchor.mentions):
            return anchor
    return None


def _done_before(draft: Draft, index: int) -> Anchor | None:
    """'bought for the last time more than 6 months ago', 'acheté pour la dernière fois il y a
    plus de 6 mois': the cue right after its verb, a distance back in time after it."""
    clause = draft.mentions[index].clause
    before = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT and a.clause == clause and 0 < index - a.position <= 2
    ]
    following = draft.mentions[index + 1 : index + 3]
    ago = any(m.kind is SpanKind.TIME and m.span.time and m.span.time.ago for m in following)
    return max(before, key=lambda a: a.position) if before and ago else None


def _table_near(draft: Draft, index: int) -> Anchor | None:
    """The table named just after 'last' ('last app open'), else just before ('App-Nutzer,
    deren letzter Login')."""
    after = _next_anchor(draft, index, {SenseKind.TABLE}, 3)
    before = [a for a in draft.anchors if a.kind is SenseKind.TABLE and 0 < index - a.position <= 4]
    return after or (max(before, key=lambda a: a.position) if before else None)


def _recency_reaches(draft: Draft, index: int, anchor: Anchor, catalog: Catalog) -> bool:
    """The cue and its behaviour are close in one clause, or only the behaviour's own words
    stand between them ('last contact with customer care', 'last click on an email')."""
    if anchor.position < index:
        return True  # named again right after the cue (``_named_next``)
    between = draft.mentions[index + 1 : anchor.position]
    nouns = [m for m in between if m.kind not in {SpanKind.CONNECTOR, SpanKind.WORD}]
    own = all(
        any(m is known for known in anchor.mentions)
        or names_event(catalog, anchor, m)
        or _own_value(anchor, m)
        for m in nouns
    )
    if anchor.clause == draft.mentions[index].clause:
        return anchor.position - index <= 3 or own
    return bool(nouns) and own


def _own_value(anchor: Anchor, mention: Mention) -> bool:
    """'last chat with customer care': a value of the behaviour's own events ('chat' of the
    contacts' channel) before its noun."""
    return any(
        s.kind is SenseKind.EVENT_VALUE and s.table == anchor.sense.table for s in mention.senses
    )


def absorb_lapse_words(draft: Draft) -> None:
    """Pass: 'lapsed', 'dormant', 'ruhend' in a request that states its lapse ('last opened
    more than 6 months ago', 'haven't bought in over a year') describe that lapse: they join
    its rule instead of making one of their own — a catalog value the word also names (a
    trial 'lapsed' as expired) is left out, and the proposal says so."""
    for mention in draft.mentions:
        if not mention.has(Role.LAPSE):
            continue
        lapses = [a for a in draft.anchors if a.mentions[:1] != [mention] and _states_a_lapse(a)]
        own = [a for a in draft.anchors if lapses and _made_by(a, mention, lapses[0])]
        if not lapses or (mention.used and not own):
            continue
        for anchor in own:
            draft.anchors.remove(anchor)
            for repeated in anchor.mentions[1:]:
                draft.attach(lapses[0], repeated)
            value = next(iter([*anchor.values, *chain(*anchor.filters.values())]), None)
            note = draft.pack.say("assume_lapse_word", phrase=mention.text, value=value)
            lapses[0].notes += [note] if value else []
        draft.attach(lapses[0], mention)
        _lapse_of_absence(lapses[0])


def _lapse_of_absence(anchor: Anchor) -> None:
    """'dormant customers: no order in the last 6 months': the lapse word says they did it
    before, so the absence within the window becomes a lapse (one ever, none within) — never
    the plain negation, which would take in people who never did it."""
    spec = anchor.time
    if anchor.kind is not SenseKind.EVENT or anchor.date_column is not None:
        return  # a date column's negated window already leaves out people with no date
    if not anchor.negate or anchor.never or anchor.lapse is not None or spec is None:
        return
    if spec.window is None or spec.ago is not None:
        return
    anchor.negate, anchor.lapse, anchor.time = False, spec, None


def _made_by(anchor: Anchor, mention: Mention, lapse: Anchor) -> bool:
    """The rule the lapse word made of itself ('lapsed' read as a coupon's 'expired'): it starts
    with the word, and its other words are said again in the lapse ('lapsed wine buyers, no
    wine purchase …'), so they join the lapse and no word is dropped."""
    if anchor is lapse or not anchor.mentions or anchor.mentions[0] is not mention:
        return False
    said = {fold(m.text) for m in lapse.mentions}
    return all(fold(m.text) in said for m in anchor.mentions[1:])


def _states_a_lapse(anchor: Anchor) -> bool:
    """A last time long ago, or nothing within a recent window."""
    spec = anchor.time
    if anchor.recency or anchor.lapse is not None:
        return True
    return spec is not None and (anchor.negate or spec.ago is not None)
