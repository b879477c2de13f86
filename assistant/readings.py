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

A request read without any of these gets no notice from here. The last two name the phrase's
rivals (``reading_findings``): the offline planner asks with them instead (``offline.rivals``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from assistant.contract import Proposal
from assistant.language import Role, pack_for, tokenize
from assistant.offline.lexicon import SenseKind, lexicon_for
from assistant.offline.spans import Connector, Span
from assistant.offline.understand import Understanding, read_spans
from assistant.reading_model import (
    Finding,
    Reading,
    behavior_events,
    chosen_senses,
    rule_tables,
)
from assistant.weak_readings import PRESENCE, date_guesses, event_guesses, weak_readings
from audience.rules import Attribute, Group, Node, walk_node
from schema_catalog import Catalog, Issue

_TOP = re.compile(r"root\.rules\[(\d+)\]")
_STRUCTURAL = frozenset({SenseKind.TABLE, SenseKind.EVENT, SenseKind.COLUMN, SenseKind.MEASURE})
"""Senses naming a table or a column itself (not one of its values)."""


def reading_issues(
    request: str, proposal: Proposal, catalog: Catalog, understood: Understanding | None = None
) -> list[Issue]:
    """Warnings for an 'or' read as 'and' or as a value list, a compound noun split across two
    tables, a phrase read as a bare presence test when it also names an event's value, and an
    event guessed between two (see the module docstring).
    """
    return [finding.issue for finding in reading_findings(request, proposal, catalog, understood)]


def reading_findings(
    request: str, proposal: Proposal, catalog: Catalog, understood: Understanding | None = None
) -> list[Finding]:
    """The findings behind ``reading_issues``, each with its span and rival senses. The request
    is read only when a check could find something."""
    if not proposal.rules.root.rules or not _worth_reading(request, proposal, catalog):
        return []
    pack = pack_for(proposal.language)
    spans = (
        understood.spans if understood else read_spans(request, catalog, lexicon_for(catalog), pack)
    )
    reading = Reading(request, proposal, catalog, spans, _citations(request, proposal, spans), pack)
    return [finding for check in _CHECKS for finding in check(reading)]


def _worth_reading(request: str, proposal: Proposal, catalog: Catalog) -> bool:
    """A cheap look first: an 'or' word, a presence test, an event, or rules on two tables."""
    if not request:
        return False
    pack = pack_for(proposal.language)
    words = [token.text for token in tokenize(request, pack.morphology)]
    ors = (Role.OR, Role.UNION)
    if any(pack.has(role, words, index) for role in ors for index in range(len(words))):
        return True
    rules = proposal.rules.root.rules
    presence = any(isinstance(rule, Attribute) and rule.op in PRESENCE for rule in rules)
    events = any(behavior_events(rule) for rule in rules)
    tables = [rule_tables(rule, catalog.profile.table) for rule in rules]
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


def _disjunctions(reading: Reading) -> list[Finding]:
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
            issues.append(Finding(found))
    return issues


def _disjunction_issue(
    reading: Reading, left: int, right: int, bounds: tuple[int, int, int]
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


def _compounds(reading: Reading) -> list[Finding]:
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
            frozenset().union(*(rule_tables(reading.rule(top), profile) for top in cited[i]))
            for i in (index, index + 1)
        ]
        if tables[0] and tables[1] and not tables[0] & tables[1]:
            phrase = reading.request[head.char_start : tail.char_end]
            issue = reading.issue(
                "compound_split", head, tail, "flag_compound", phrase=phrase,
                first=head.text, second=tail.text,
            )  # fmt: skip
            issues.append(Finding(issue))
    return issues


def _structural(span: Span) -> bool:
    senses = chosen_senses(span)
    return bool(senses) and any(sense.kind in _STRUCTURAL for sense in senses)


_CHECKS: tuple[Callable[[Reading], list[Finding]], ...] = (
    _disjunctions,
    _compounds,
    weak_readings,
    event_guesses,
    date_guesses,
)
