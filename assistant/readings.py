"""Trust checks on how the request was *read*: structures of the sentence a proposal may have
flattened, and phrases it consumed with a weaker reading than the catalog offers.

They run on every planner's proposal (``planning.check_proposal``), reading the request with the
offline reader and the proposal's coverage map (phrase → rule). Each finding is a warning
``Issue`` whose message, in the request's language (``messages.yml``), names the words and the
reading chosen:

- ``or_read_as_and`` (path ``request[start:end]``): the request says 'A or B' between two
  conditions, but no 'any of' group joins the rules they became — both are required;
- ``or_values_merged``: 'A in X, or B in Y' (a new group of people after the 'or') became one
  'all of' group whose values were merged into lists;
- ``compound_split``: two catalog nouns written as one phrase ('app session') were read as
  conditions on two different tables;
- ``event_guessed``: a word naming two events became a rule on one of them, with nothing else in
  that rule naming it — the choice is stated;
- ``weak_reading``: a phrase read as a bare presence test ('… is known') also names a value of
  another column, or a value that an event of the same audience takes — it may be that value.

A request read without any of these gets no notice from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant.contract import Proposal
from assistant.explain import language_of
from assistant.language import Pack, Role, pack_for, tokenize
from assistant.offline.lexicon import Sense, SenseKind, lexicon_for
from assistant.offline.spans import Connector, Span, SpanKind
from assistant.offline.understand import Understanding, read_spans
from audience.rules import (
    Attribute,
    Behavior,
    Group,
    Node,
    Op,
    describe_node,
    event_label,
    walk_node,
)
from schema_catalog import Catalog, Issue, Severity

_TOP = re.compile(r"root\.rules\[(\d+)\]")
_PRESENCE = frozenset({Op.IS_SET, Op.IS_NOT_SET})
_STRUCTURAL = frozenset({SenseKind.TABLE, SenseKind.EVENT, SenseKind.COLUMN, SenseKind.MEASURE})
"""Senses naming a table or a column itself (not one of its values)."""
_VALUES = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE})
_EVENT_SENSES = frozenset({SenseKind.EVENT, SenseKind.EVENT_VALUE, SenseKind.MEASURE})


@dataclass(frozen=True)
class _Reading:
    """What a check reads: the request, its spans, which top-level rules cite each span."""

    request: str
    proposal: Proposal
    catalog: Catalog
    spans: tuple[Span, ...]
    cited: tuple[frozenset[int], ...]
    pack: Pack

    def rule(self, top: int) -> Node:
        return self.proposal.rules.root.rules[top]

    def issue(self, code: str, first: Span, last: Span, key: str, /, **values: object) -> Issue:
        return Issue(
            code=code,
            severity=Severity.WARNING,
            path=f"request[{first.char_start}:{last.char_end}]",
            message=self.pack.say(key, **values),
            hint="Check the audience is what was meant; rephrase or edit the rules if not.",
        )


def reading_issues(
    request: str, proposal: Proposal, catalog: Catalog, understood: Understanding | None = None
) -> list[Issue]:
    """Warnings for an 'or' read as 'and' or as a value list, a compound noun split across two
    tables, and a phrase read as a bare presence test when it also names an event's value (see
    the module docstring). The request is read only when a check could find something.
    """
    if not proposal.rules.root.rules or not _worth_reading(request, proposal, catalog):
        return []
    pack = pack_for(proposal.language)
    spans = (
        understood.spans if understood else read_spans(request, catalog, lexicon_for(catalog), pack)
    )
    reading = _Reading(
        request, proposal, catalog, spans, _citations(request, proposal, spans), pack
    )
    return [issue for check in _CHECKS for issue in check(reading)]


def _worth_reading(request: str, proposal: Proposal, catalog: Catalog) -> bool:
    """A cheap look first: an 'or' word, a presence test, an event, or rules on two tables."""
    if not request:
        return False
    pack = pack_for(proposal.language)
    words = [token.text for token in tokenize(request, pack.morphology)]
    if any(pack.has(Role.OR, words, index) for index in range(len(words))):
        return True
    rules = proposal.rules.root.rules
    presence = any(isinstance(rule, Attribute) and rule.op in _PRESENCE for rule in rules)
    events = any(_behavior_events(rule) for rule in rules)
    tables = [_rule_tables(rule, catalog.profile.table) for rule in rules]
    return presence or events or len({table for found in tables for table in found}) > 1


def _citations(
    request: str, proposal: Proposal, spans: Sequence[Span]
) -> tuple[frozenset[int], ...]:
    """For each span, the top-level rules whose coverage phrases overlap it."""
    located: list[tuple[int, int, int]] = []
    lowered = request.lower()
    for item in proposal.coverage:
        found = _TOP.match(item.rule_path or "")
        if found is None or not item.phrase.strip():
            continue
        phrase = item.phrase.lower()
        for start in _occurrences(lowered, phrase):
            located.append((start, start + len(phrase), int(found.group(1))))
    return tuple(
        frozenset(top for start, end, top in located if start < s.char_end and s.char_start < end)
        for s in spans
    )


def _occurrences(text: str, phrase: str) -> Iterator[int]:
    start = text.find(phrase)
    while start >= 0:
        yield start
        start = text.find(phrase, start + 1)


def _has_any_group(node: Node) -> bool:
    return any(
        isinstance(child, Group) and (child.op == "or" or child.negate)
        for _, child in walk_node(node, "node")
    )


def _disjunctions(reading: _Reading) -> list[Issue]:
    """'A or B' between conditions: the rules either side must be joined by an 'any of'."""
    spans, cited = reading.spans, reading.cited
    ors = [k for k, span in enumerate(spans) if span.connector is Connector.OR]
    issues = []
    for number, k in enumerate(ors):
        low = ors[number - 1] + 1 if number else 0
        high = ors[number + 1] if number + 1 < len(ors) else len(spans)
        left = next((i for i in range(k - 1, low - 1, -1) if cited[i]), None)
        right = next((i for i in range(k + 1, high) if cited[i]), None)
        if left is None or right is None:
            continue
        found = _disjunction_issue(reading, left, right, (low, k, high))
        if found is not None:
            issues.append(found)
    return issues


def _disjunction_issue(
    reading: _Reading, left: int, right: int, bounds: tuple[int, int, int]
) -> Issue | None:
    spans, cited = reading.spans, reading.cited
    first, last = spans[left], spans[right]
    shared = cited[left] & cited[right]
    if not shared:
        return reading.issue(
            "or_read_as_and", first, last, "flag_or_as_and", left=first.text, right=last.text
        )
    if any(_has_any_group(reading.rule(top)) for top in shared):
        return None
    low, k, high = bounds
    new_people = any(span.is_subject for span in spans[left + 1 : right])
    before = frozenset().union(*cited[low:k])
    after = frozenset().union(*cited[k + 1 : high])
    if new_people and before - after and after - before:
        return reading.issue(
            "or_values_merged", first, last, "flag_or_merged", left=first.text, right=last.text
        )
    return None


def _chosen(span: Span) -> Sequence[Sense]:
    return span.senses if span.kind is SpanKind.TERM and not span.is_subject else ()


def _rule_tables(node: Node, profile: str) -> frozenset[str]:
    """Tables a rule reads (the profile table left out: every attribute is about customers)."""
    tables: set[str] = set()
    for _, child in walk_node(node, "node"):
        if isinstance(child, Attribute):
            tables.add(child.field.partition(".")[0])
        elif isinstance(child, Behavior):
            tables.add(child.event)
    return frozenset(tables - {profile})


def _compounds(reading: _Reading) -> list[Issue]:
    """'app session': two nouns naming tables (not values), side by side, read as two rules on
    two different tables — the phrase may name one thing that neither reading caught."""
    spans, cited = reading.spans, reading.cited
    profile = reading.catalog.profile.table
    issues = []
    for index in range(len(spans) - 1):
        head, tail = spans[index], spans[index + 1]
        if head.end != tail.start or not cited[index] or not cited[index + 1]:
            continue
        if cited[index] & cited[index + 1] or not _structural(head) or not _structural(tail):
            continue
        tables = [
            frozenset().union(*(_rule_tables(reading.rule(top), profile) for top in cited[i]))
            for i in (index, index + 1)
        ]
        if tables[0] and tables[1] and not tables[0] & tables[1]:
            phrase = reading.request[head.char_start : tail.char_end]
            issues.append(
                reading.issue(
                    "compound_split",
                    head,
                    tail,
                    "flag_compound",
                    phrase=phrase,
                    first=head.text,
                    second=tail.text,
                )
            )
    return issues


def _structural(span: Span) -> bool:
    senses = _chosen(span)
    return bool(senses) and any(sense.kind in _STRUCTURAL for sense in senses)


def _weak_readings(reading: _Reading) -> list[Issue]:
    """A presence test ('box internet' → 'home internet is known') from a phrase that also
    names a value of another column, or a value an event of its own clause takes ('paid … for
    box internet': 'broadband' of the renewals)."""
    issues = []
    for index, span in enumerate(reading.spans):
        for top in sorted(reading.cited[index]):
            rule = reading.rule(top)
            if not (isinstance(rule, Attribute) and rule.op in _PRESENCE and _chosen(span)):
                continue
            events = _clause_events(reading, span.clause, top)
            found = _own_value(span, rule) or _event_value(reading, span, events)
            if found is not None:
                issues.append(_weak_issue(reading, span, rule, found))
    return issues


def _clause_events(reading: _Reading, clause: int, skip: int) -> set[str]:
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


def _own_value(span: Span, rule: Attribute) -> tuple[str, str] | None:
    """(table, value): a value sense of the span itself, on another column than the rule's,
    when the span named the rule's column ('mobile' is the phone column and a device of the web
    sessions; 'the app', naming a whole table, is the app's users)."""
    named = any(
        sense.kind is SenseKind.COLUMN and f"{sense.table}.{sense.column}" == rule.field
        for sense in span.senses
    )
    for sense in span.senses if named else ():
        other = f"{sense.table}.{sense.column}" != rule.field
        if sense.kind in _VALUES and other and sense.table and sense.value:
            return sense.table, sense.value
    return None


def _event_value(reading: _Reading, span: Span, events: set[str]) -> tuple[str, str] | None:
    """(event, value): a value named by some words of ``span`` that a column of one of
    ``events`` allows (the same value, whichever table's synonym named it)."""
    values = {sense.value for sense in _word_senses(reading, span) if sense.kind in _VALUES}
    for event in sorted(events):
        table = reading.catalog.table(event)
        for column in table.columns:
            allowed = {str(value) for value in column.allowed_values or ()}
            hit = sorted(value for value in values if value in allowed)
            if hit:
                return event, hit[0]
    return None


def _word_senses(reading: _Reading, span: Span) -> list[Sense]:
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


def _weak_issue(reading: _Reading, span: Span, rule: Attribute, found: tuple[str, str]) -> Issue:
    lang = language_of(reading.pack.code)
    return reading.issue(
        "weak_reading",
        span,
        span,
        "flag_weak_reading",
        phrase=span.text,
        reading=describe_node(rule, reading.catalog, lang=lang),
        value=found[1],
        event=event_label(reading.catalog, found[0], lang),
    )


def _event_guesses(reading: _Reading) -> list[Issue]:
    """'drive customers': a word naming two events ('click and collect' of the baskets and of
    the online orders) became a rule on one, and no other word names that event — the choice
    is stated, so the user sees which one was taken. A follow-up's event is the earlier turn's."""
    if reading.proposal.changes:
        return []
    issues = []
    for index, span in enumerate(reading.spans):
        events = _span_events(reading, span)
        for top in sorted(reading.cited[index]) if len(events) > 1 else ():
            chosen = _behavior_events(reading.rule(top)) & events
            if len(chosen) != 1 or _event_named_elsewhere(reading, index, chosen):
                continue
            issues.append(_guess_issue(reading, span, min(chosen), min(events - chosen)))
    return issues


def _span_events(reading: _Reading, span: Span) -> set[str]:
    """Events a term names, an itemising table counted as its whole (a basket line is the
    basket)."""
    wholes = lexicon_for(reading.catalog).wholes
    tables = {s.table for s in _chosen(span) if s.kind in _EVENT_SENSES and s.table}
    return {wholes.get(table, table) for table in tables}


def _behavior_events(node: Node) -> set[str]:
    return {child.event for _, child in walk_node(node, "node") if isinstance(child, Behavior)}


def _event_named_elsewhere(reading: _Reading, index: int, chosen: set[str]) -> bool:
    """Whether another word of the request names only the chosen event ('bought shoes but
    never bags': 'bought' settles 'bags')."""
    return any(
        other != index and _span_events(reading, span) == chosen
        for other, span in enumerate(reading.spans)
    )


def _guess_issue(reading: _Reading, span: Span, chosen: str, other: str) -> Issue:
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


_CHECKS: tuple[Callable[[_Reading], list[Issue]], ...] = (
    _disjunctions,
    _compounds,
    _weak_readings,
    _event_guesses,
)
