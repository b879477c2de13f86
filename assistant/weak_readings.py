"""Reading checks on single phrases: a phrase consumed with a weaker reading than the catalog
offers, or a word naming two events that became a rule on one of them with nothing else saying
which (see ``readings`` for the codes).

Each finding names its rivals — the senses the phrase could have had — so the offline planner can
ask with both audiences as options rather than warn about one.
"""

from __future__ import annotations

from assistant.explain import language_of
from assistant.language import Role, fold
from assistant.offline.ends import column_words, dated_by
from assistant.offline.events import money_measures
from assistant.offline.lexicon import Sense, SenseKind, lexicon_for, phrase_key
from assistant.offline.spans import Span, SpanKind
from assistant.offline.unit_words import priced_by_name
from assistant.reading_model import Finding, Reading, behavior_events, chosen_senses
from audience.rules import Attribute, Behavior, Op, describe_node, event_label, walk_node
from schema_catalog import ColumnType, Issue, Table

PRESENCE = frozenset({Op.IS_SET, Op.IS_NOT_SET})
_VALUES = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE})
_EVENT_SENSES = frozenset({SenseKind.EVENT, SenseKind.EVENT_VALUE, SenseKind.MEASURE})
_DATES = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})


def weak_readings(reading: Reading) -> list[Finding]:
    """A presence test ('box internet' → 'home internet is known') from a phrase that also
    names a value of another column, or a value an event of its own clause takes ('paid … for
    box internet': 'broadband' of the renewals)."""
    findings = []
    for index, span in enumerate(reading.spans):
        for top in sorted(reading.cited[index]):
            rule = reading.rule(top)
            if not (isinstance(rule, Attribute) and rule.op in PRESENCE and chosen_senses(span)):
                continue
            events = _clause_events(reading, span.clause, top)
            rival = _own_value(span, rule) or _event_value(reading, span, events)
            if rival is not None:
                findings.append(Finding(_weak_issue(reading, span, rule, rival), index, (rival,)))
    return findings


def _clause_events(reading: Reading, clause: int, skip: int) -> set[str]:
    """Events of the rules (other than ``skip``) that words of ``clause`` became."""
    tops = {
        top
        for span, cited in zip(reading.spans, reading.cited, strict=True)
        if span.clause == clause
        for top in cited
        if top != skip
    }
    return {
        child.event
        for top in tops
        for _, child in walk_node(reading.rule(top), "node")
        if isinstance(child, Behavior)
    }


def _own_value(span: Span, rule: Attribute) -> Sense | None:
    """A value sense of the span itself, on another column than the rule's, when the span named
    the rule's column ('mobile' is the phone column and a device of the web sessions; 'the app',
    naming a whole table, is the app's users)."""
    named = any(
        sense.kind is SenseKind.COLUMN and f"{sense.table}.{sense.column}" == rule.field
        for sense in span.senses
    )
    for sense in span.senses if named else ():
        other = f"{sense.table}.{sense.column}" != rule.field
        if sense.kind in _VALUES and other and sense.table and sense.value:
            return sense
    return None


def _event_value(reading: Reading, span: Span, events: set[str]) -> Sense | None:
    """A value named by some words of ``span`` that a column of one of ``events`` allows (the
    same value, whichever table's synonym named it), as that event's value."""
    values = {sense.value for sense in _word_senses(reading, span) if sense.kind in _VALUES}
    for event in sorted(events):
        table = reading.catalog.table(event)
        for column in table.columns:
            allowed = {str(value) for value in column.allowed_values or ()}
            hit = sorted(value for value in values if value in allowed)
            if hit:
                return Sense(SenseKind.EVENT_VALUE, table=event, column=column.name, value=hit[0])
    return None


def _word_senses(reading: Reading, span: Span) -> list[Sense]:
    """Senses of every catalog phrase inside the span's words, not only the longest one."""
    lexicon = lexicon_for(reading.catalog)
    words = span.words
    found: list[Sense] = []
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            match = lexicon.entries.match(words[start:end], 0)
            if match is not None and match[0] == end - start:
                found.extend(match[1])
    return found


def _weak_issue(reading: Reading, span: Span, rule: Attribute, rival: Sense) -> Issue:
    lang = language_of(reading.pack.code)
    return reading.issue(
        "weak_reading",
        span,
        span,
        "flag_weak_reading",
        phrase=span.text,
        reading=describe_node(rule, reading.catalog, lang=lang),
        value=rival.value,
        event=event_label(reading.catalog, rival.table or "", lang),
    )


def event_guesses(reading: Reading) -> list[Finding]:
    """'drive customers': a word naming two events ('click and collect' of the baskets and of
    the online orders) became a rule on one, and no other word names that event — the choice
    is stated, so the user sees which one was taken. A follow-up's event is the earlier turn's."""
    if reading.proposal.changes:
        return []
    findings = []
    for index, span in enumerate(reading.spans):
        events = _span_events(reading, span)
        for top in sorted(reading.cited[index]) if len(events) > 1 else ():
            chosen = behavior_events(reading.rule(top)) & events
            if len(chosen) != 1 or _event_named_elsewhere(reading, index, chosen):
                continue
            if _priced(reading, span) == chosen:
                continue
            issue = _guess_issue(reading, span, min(chosen), min(events - chosen))
            findings.append(Finding(issue, index, _other_events(reading, span, chosen)))
    return findings


def _whole(reading: Reading, table: str) -> str:
    """An itemising table counted as its whole (a basket line is the basket)."""
    return lexicon_for(reading.catalog).wholes.get(table, table)


def _span_events(reading: Reading, span: Span) -> set[str]:
    """Events a term names, each itemising table counted as its whole."""
    senses = chosen_senses(span)
    return {_whole(reading, s.table) for s in senses if s.kind in _EVENT_SENSES and s.table}


def _other_events(reading: Reading, span: Span, chosen: set[str]) -> tuple[Sense, ...]:
    """The span's senses on the events not chosen, its values first (the most specific)."""
    others = [
        sense
        for sense in chosen_senses(span)
        if sense.kind in _EVENT_SENSES
        and sense.table
        and _whole(reading, sense.table) not in chosen
    ]
    return tuple(sorted(others, key=lambda sense: sense.kind is not SenseKind.EVENT_VALUE))


def _event_named_elsewhere(reading: Reading, index: int, chosen: set[str]) -> bool:
    """Whether another word of the request names only the chosen event ('bought shoes but
    never bags': 'bought' settles 'bags')."""
    return any(
        other != index and _span_events(reading, span) == chosen
        for other, span in enumerate(reading.spans)
    )


def _priced(reading: Reading, span: Span) -> set[str]:
    """The events an amount said in a currency leaves the span ('spent over €1,000': the one
    whose money measure lists '€' among its names, ``unit_words.priced_by_name``; '€1,500 on
    handbags': the orders, as page views count no money) — nothing with no currency said."""
    said = [
        word
        for other in reading.spans
        if other.clause == span.clause and other.kind is SpanKind.QUANTITY
        for word in other.words
    ]
    senses = chosen_senses(span)
    named = priced_by_name(senses, said, lexicon_for(reading.catalog), reading.pack)
    if named:
        return {_whole(reading, sense.table or "") for sense in named}
    if not set(said) & reading.pack.table(Role.CURRENCY).words():
        return set()
    return {
        _whole(reading, sense.table)
        for sense in senses
        if sense.kind in _EVENT_SENSES
        and sense.table
        and money_measures(reading.catalog.table(sense.table), reading.pack)
    }


def _guess_issue(reading: Reading, span: Span, chosen: str, other: str) -> Issue:
    lang = language_of(reading.pack.code)
    return reading.issue(
        "event_guessed",
        span,
        span,
        "assume_event_choice",
        phrase=span.text,
        chosen=event_label(reading.catalog, chosen, lang),
        other=event_label(reading.catalog, other, lang),
    )


def date_guesses(reading: Reading) -> list[Finding]:
    """'opened in the last week': a verb read as a value of one event (an email 'open'), with no
    other word naming that event, when the same verb also names another table's date column
    ('opened the app', 'zuletzt geöffnet': the app's last-opened date) — the choice is stated;
    a last-seen date is the rival reading the planner asks with, any other date column is named
    in the statement only."""
    if reading.proposal.changes:
        return []
    findings = []
    for index, span in enumerate(reading.spans):
        values = [s for s in chosen_senses(span) if s.kind is SenseKind.EVENT_VALUE and s.table]
        chosen = {s.table for s in values if s.table} & _cited_events(reading, index)
        if len(chosen) != 1 or _event_said_elsewhere(reading, index, chosen):
            continue
        rivals = _dates_named(reading, span, chosen)
        named = rivals or _dates_worded(reading, span, chosen)
        if named:
            issue = _guess_issue(reading, span, min(chosen), named[0].table or "")
            findings.append(Finding(issue, index, tuple(rivals)))
    return findings


def _event_said_elsewhere(reading: Reading, index: int, chosen: set[str]) -> bool:
    """Whether another word of the request can name the chosen event ('email open')."""
    return any(
        other != index and _span_events(reading, span) & chosen
        for other, span in enumerate(reading.spans)
    )


def _cited_events(reading: Reading, index: int) -> set[str]:
    return {event for top in reading.cited[index] for event in behavior_events(reading.rule(top))}


def _dates_named(reading: Reading, span: Span, chosen: set[str]) -> list[Sense]:
    """Last-seen dates ('last opened') of other tables whose names hold every content word of
    ``span``: the verb of what the date records."""
    said = {fold(w) for w in span.words if not reading.pack.is_word(Role.FUNCTION, w)}
    found = []
    for table in reading.catalog.tables:
        column = dated_by(table, Role.RECENCY) if table.name not in chosen else None
        if column and said and said <= column_words(table.column(column)):
            found.append(Sense(SenseKind.COLUMN, table=table.name, column=column))
    return found


def _dates_worded(reading: Reading, span: Span, chosen: set[str]) -> list[Sense]:
    """Other date columns of other tables whose names hold every content word of ``span``, none
    of them a word of that table's own name ('started': a subscription's start date; 'card'
    names the cardholders, not their enrolment date) — the choice is stated, not asked."""
    said = {fold(w) for w in span.words if not reading.pack.is_word(Role.FUNCTION, w)}
    return [
        Sense(SenseKind.COLUMN, table=table.name, column=column.name)
        for table in reading.catalog.tables
        if table.name not in chosen
        for column in table.columns
        if column.type in _DATES
        and said
        and said <= column_words(column)
        and not said & _table_words(table)
    ]


def _table_words(table: Table) -> set[str]:
    """Words of a table's own names ('card' of the cardholders): a noun of the table, not the
    verb of one of its dates."""
    names = (table.label, *table.labels.values(), *table.synonyms)
    return {fold(word) for name in names if name for word in phrase_key(name)}
