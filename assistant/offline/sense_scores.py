"""Which sense of a catalog term the sentence means, when it has several.

A term with several senses (a city that is a home city and a store city, 'spent' on two tables)
is scored against the rest of the sentence: the clause naming the column, the behaviour of its
clause, the other words of the same table. When two senses score the same, the term becomes an
``Ambiguity`` and the user is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.language import Role
from assistant.offline.column_cues import column_cues, listed_reading
from assistant.offline.draft import Ambiguity, Draft, Guess, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.spans import Connector, SpanKind
from assistant.offline.unit_words import priced_by_name


def choose_senses(
    draft: Draft, index: int, mention: Mention, senses: list[Sense]
) -> list[Sense] | None:
    """The best-scoring of ``senses``; None (and an ambiguity) when two readings tie.

    A choice that words of the term's own clause do not settle — made by a default or by words
    of another clause — is kept and recorded as a guess, which the proposal states
    (``guesses``)."""
    targets = {_reading(sense) for sense in senses}
    if len(targets) <= 1:
        return senses
    scored = sorted(((sense_evidence(draft, index, s), s) for s in senses), key=_by_total)
    best = scored[0][0]
    kept = _wholes_first(draft, [sense for found, sense in scored if found.total == best.total])
    chosen = {_reading(sense) for sense in kept}
    rivals = [(found, sense) for found, sense in scored if _reading(sense) not in chosen]
    if len(chosen) > 1:
        priced = _priced(draft, mention, kept)
        if priced is not None:
            return [priced]
        draft.ambiguities.append(Ambiguity(mention.text, tuple(kept), index=index))
        mention.used = True
        return None
    unsettled = _unsettled(best, [(f, s) for f, s in rivals if not _parts(draft, kept[0], s)])
    if unsettled:
        draft.guesses.append(Guess(index, kept[0], unsettled))
    return kept


def group_noun(draft: Draft, mention: Mention, senses: list[Sense]) -> bool:
    """'the Valenciennes drivers': a people noun that is the catalog's word for one behaviour and
    also the people of a value of another table ('drive' users) — both what it says, so the user
    is asked (``Lexicon.people_of_value``), unless another word of the request names the tables
    of one side only ('drivers who filled up')."""
    if draft.lexicon is None or len(mention.words) != 1:
        return False
    word = mention.words[0]
    said = [s for s in senses if s.kind is not SenseKind.SUBJECT]
    derived = draft.lexicon.people_of_value(word, (), draft.pack)
    own = [s for s in said if s not in derived]
    if not own or not draft.lexicon.people_of_value(word, tuple(own), draft.pack):
        return False
    sides = ({s.table for s in own}, {s.table for s in said if s in derived})
    for other in draft.mentions:
        if other is mention:
            continue
        tables = {s.table for s in other.senses if s.kind is not SenseKind.SUBJECT}
        if len([side for side in sides if side & tables]) == 1:
            return False  # 'drivers who filled up', 'diesel drivers at Mons': one side named
    return True


def _priced(draft: Draft, mention: Mention, senses: list[Sense]) -> Sense | None:
    """'spent over €1,000': of money measures of several events tied for the word, the one
    the amount's currency names (``unit_words.priced_by_name``), when only one."""
    if draft.lexicon is None:
        return None
    said = [
        word
        for other in draft.mentions
        if other.clause == mention.clause and other.kind is SpanKind.QUANTITY
        for word in other.words
    ]
    named = priced_by_name(senses, said, draft.lexicon, draft.pack)
    return named[0] if len(named) == 1 else None


def _by_total(pair: tuple[Evidence, Sense]) -> float:
    return -pair[0].total


def _unsettled(best: Evidence, rivals: list[tuple[Evidence, Sense]]) -> tuple[Sense, ...]:
    """The rivals that words of the term's own clause do not rule out: the reading was taken
    on weaker evidence (a default, a position, words of another clause) and is stated."""
    return tuple(sense for found, sense in rivals if found.strong >= best.strong)


def _parts(draft: Draft, sense: Sense, other: Sense) -> bool:
    """Whether two senses are an event and its lines (a basket and a basket line): one
    behaviour, whichever is read."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    tables = {sense.table, other.table}
    return any(wholes.get(table or "") in tables for table in tables)


def _wholes_first(draft: Draft, senses: list[Sense]) -> list[Sense]:
    """Of an event and its lines tied for a word ('bought': a basket or a basket line; 'spent':
    the basket's amount or a line's), the event: the lines win only when the sentence names
    something of theirs (scored above)."""
    wholes = draft.lexicon.wholes if draft.lexicon else {}
    kinds = {SenseKind.EVENT, SenseKind.MEASURE}
    tables = {(sense.kind, sense.table) for sense in senses if sense.kind in kinds}
    return [
        sense
        for sense in senses
        if not (sense.kind in kinds and (sense.kind, wholes.get(sense.table or "")) in tables)
    ]


def _reading(sense: Sense) -> str:
    """Senses that lead to the same rule count as one reading (an event and its measure)."""
    if sense.kind in {SenseKind.EVENT, SenseKind.MEASURE, SenseKind.EVENT_VALUE} and sense.table:
        return f"event:{sense.table}" if sense.kind is not SenseKind.EVENT_VALUE else sense.target
    return sense.target


@dataclass(frozen=True)
class Evidence:
    """Why a sense fits the sentence, by how much the sentence says it."""

    strong: float = 0.0
    """Words of its own clause: its column or table named, a column cue, its behaviour, a
    people noun beside a town ('Lyon customers', 'Kunden aus Lyon')."""
    weak: float = 0.0
    """Words of another clause naming its table or column."""
    prior: float = 0.0
    """A default: a profile value stands alone, an event value wants its behaviour."""

    @property
    def total(self) -> float:
        return self.strong + self.weak + self.prior


def sense_score(draft: Draft, index: int, sense: Sense) -> float:
    """How well ``sense`` fits the rest of the sentence (higher is better; see
    ``sense_evidence``)."""
    return sense_evidence(draft, index, sense).total


def sense_evidence(draft: Draft, index: int, sense: Sense) -> Evidence:
    """How well ``sense`` fits the rest of the sentence, and on what evidence.

    A column named in the clause ('city Luxembourg') decides; an anchor of the same table in
    the clause ('bought … in our Lyon store') counts next; other words of the same table in the
    sentence count last. Profile values win ties against orphan event values only when no
    behaviour is in the clause.
    """
    clause = draft.mentions[index].clause
    strong, weak = _word_votes(draft, index, sense)
    settled = bool(column_cues(draft, index, sense)) or sense.target in listed_reading(draft, index)
    home = 3 * (_where_people_live(draft, sense) and people_beside(draft, index))
    fit = _anchor_fit(draft, sense, clause)
    behaviour = fit if fit > 1 else 0  # a behaviour of its table in the clause
    return Evidence(
        strong=strong + 6 * settled + behaviour + home, weak=weak, prior=fit - behaviour
    )


def _word_votes(draft: Draft, index: int, sense: Sense) -> tuple[float, float]:
    """Votes of the other terms: (from the same clause, from other clauses)."""
    mention = draft.mentions[index]
    own = {s.target for s in mention.senses}
    votes = [0.0, 0.0]
    for _, other in draft.terms():
        if other is mention or own <= {s.target for s in other.senses}:
            continue  # a twin of the same collision ('Paris or Lyon') does not vote
        weight = 1 / max(
            1, len({_reading(s) for s in other.senses if s.kind is not SenseKind.SUBJECT})
        )
        same = other.clause == mention.clause
        for candidate in other.senses:
            if _names_column(candidate, sense):
                votes[not same] += (6 if same else 2) * weight
            elif _same_table(candidate, sense):
                votes[not same] += (2 if same else 1) * weight
    return votes[0], votes[1]


def _where_people_live(draft: Draft, sense: Sense) -> bool:
    return sense.kind is SenseKind.VALUE and bool(
        draft.lexicon and sense.target in draft.lexicon.residences
    )


def people_beside(draft: Draft, index: int) -> bool:
    """'Kunden aus Tournai', 'shoppers from Namur', 'Namur and Tournai shoppers': the people
    noun stands next to the town (across grammar words and the town's own list), so the town
    is where they live."""
    mention = draft.mentions[index]
    following = draft.mentions[index + 1] if index + 1 < len(draft.mentions) else None
    if following is not None and (
        following.kind is SpanKind.UNKNOWN
        or any(s.kind is SenseKind.COLUMN for s in following.senses)
    ):
        return False  # 'shoppers from the Lens store': the noun after says what the town is
    for step in (-1, 1):
        at = index + step
        while (
            0 <= at < len(draft.mentions)
            and not _people(draft, draft.mentions[at])
            and _passes(draft.mentions[at], mention)
        ):
            at += step
        if 0 <= at < len(draft.mentions) and _people(draft, draft.mentions[at]):
            return True
    return False


def _passes(other: Mention, value: Mention) -> bool:
    """Words saying where people are from, articles, and the other values of the same list
    ('Namur and Tournai')."""
    if other.kind is SpanKind.CONNECTOR:
        return other.span.connector in {Connector.AND, Connector.OR, Connector.SEPARATOR}
    if other.kind is SpanKind.TERM:
        return bool({s.target for s in other.senses} & {s.target for s in value.senses})
    return other.has(Role.ORIGIN) or other.has(Role.ARTICLES)


def _people(draft: Draft, other: Mention) -> bool:
    """A noun of the people: the profile's, a column's phrase ending on one ('Club+
    members'), or a word that only names people by a value of their profile ('les seniors de
    Douai', 'Studenten aus Amiens'), or a word standing for them ('the ones from Namur')."""
    if other.has(Role.PEOPLE_PRONOUNS):
        return True
    if other.kind not in {SpanKind.TERM, SpanKind.VAGUE} or not other.senses:
        return False
    subject = any(sense.kind is SenseKind.SUBJECT for sense in other.senses)
    return (
        subject
        or draft.pack.is_word(Role.POPULATION, other.words[-1])
        or all(_profile_value(draft, sense) for sense in other.senses)
    )


def _profile_value(draft: Draft, sense: Sense) -> bool:
    """A value of the profile's own columns ('senior' card type), not of an event's."""
    profile = draft.lexicon.profile if draft.lexicon else ""
    return sense.kind is SenseKind.VALUE and bool(profile) and sense.table == profile


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
