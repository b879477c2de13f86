"""Which sense of a catalog term the sentence means, when it has several.

A term with several senses (a city that is a home city and a store city, 'spent' on two tables)
is scored against the rest of the sentence: the clause naming the column, the behaviour of its
clause, the other words of the same table. When two senses score the same, the term becomes an
``Ambiguity`` and the user is asked.
"""

from __future__ import annotations

from assistant.offline.column_cues import column_cues, listed_reading
from assistant.offline.draft import Ambiguity, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind


def choose_senses(
    draft: Draft, index: int, mention: Mention, senses: list[Sense]
) -> list[Sense] | None:
    """The best-scoring of ``senses``; None (and an ambiguity) when two readings tie."""
    targets = {_reading(sense) for sense in senses}
    if len(targets) <= 1:
        return senses
    scored = sorted(((sense_score(draft, index, s), s) for s in senses), key=lambda p: -p[0])
    best = scored[0][0]
    kept = _wholes_first(draft, [sense for score, sense in scored if score == best])
    if len({_reading(sense) for sense in kept}) == 1:
        return kept
    draft.ambiguities.append(Ambiguity(mention.text, tuple(kept), index=index))
    mention.used = True
    return None


def _wholes_first(draft: Draft, senses: list[Sense]) -> list[Sense]:
    """Of an event and its lines tied for a word ('bought': a basket or a basket line), the
    event: the lines win only when the sentence names something of theirs (scored above)."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    tables = {sense.table for sense in senses if sense.kind is SenseKind.EVENT}
    return [
        sense
        for sense in senses
        if not (sense.kind is SenseKind.EVENT and wholes.get(sense.table or "") in tables)
    ]


def _reading(sense: Sense) -> str:
    """Senses that lead to the same rule count as one reading (an event and its measure)."""
    if sense.kind in {SenseKind.EVENT, SenseKind.MEASURE, SenseKind.EVENT_VALUE} and sense.table:
        return f"event:{sense.table}" if sense.kind is not SenseKind.EVENT_VALUE else sense.target
    return sense.target


def sense_score(draft: Draft, index: int, sense: Sense) -> float:
    """How well ``sense`` fits the rest of the sentence (higher is better).

    A column named in the clause ('city Luxembourg') decides; an anchor of the same table in
    the clause ('bought … in our Lyon store') counts next; other words of the same table in the
    sentence count last. Profile values win ties against orphan event values only when no
    behaviour is in the clause.
    """
    mention = draft.mentions[index]
    clause = mention.clause
    own = {s.target for s in mention.senses}
    score = 0.0
    for _, other in draft.terms():
        if other is mention or own <= {s.target for s in other.senses}:
            continue  # a twin of the same collision ('Paris or Lyon') does not vote
        weight = 1 / max(
            1, len({_reading(s) for s in other.senses if s.kind is not SenseKind.SUBJECT})
        )
        same_clause = other.clause == clause
        for candidate in other.senses:
            if _names_column(candidate, sense):
                score += (6 if same_clause else 2) * weight
            elif _same_table(candidate, sense):
                score += (2 if same_clause else 1) * weight
    settled = bool(column_cues(draft, index, sense)) or sense.target in listed_reading(draft, index)
    return score + 6 * settled + _anchor_fit(draft, sense, clause)


def _names_column(candidate: Sense, sense: Sense) -> bool:
    """``candidate`` names the column of ``sense``: its name ('city'), or the name of the
    measure it is ('minutes of calls': 'calls' names the call minutes, not the minutes watched)."""
    named = {SenseKind.COLUMN, SenseKind.MEASURE}
    return candidate.kind in named and candidate.target == sense.target


def _same_table(candidate: Sense, sense: Sense) -> bool:
    if candidate.kind is SenseKind.MEASURE:
        return False  # 'products' names a measure of one table, and the purchase of any
    if sense.indicator or candidate.indicator:
        return sense.indicator is not None and candidate.indicator == sense.indicator
    if candidate.kind is SenseKind.SUBJECT or sense.kind is SenseKind.VALUE:
        return False
    return candidate.table is not None and candidate.table == sense.table


def _anchor_fit(draft: Draft, sense: Sense, clause: int) -> int:
    """A dimension value fits a behaviour of its table in the clause, and is an orphan without
    one; a rule of its own fits a clause with no behaviour."""
    events = [a for a in draft.anchors if a.kind is SenseKind.EVENT and a.clause == clause]
    if sense.kind is SenseKind.EVENT_VALUE:
        return 3 if any(a.sense.table == sense.table for a in events) else -1
    if sense.kind in {SenseKind.VALUE, SenseKind.TABLE, SenseKind.COLUMN, SenseKind.INDICATOR}:
        return 0 if events else 1
    return 0
