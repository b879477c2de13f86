"""The offline coverage map: every content word of the request, mapped or reported.

Each rule cites the spans it came from (``root.rules[i]``); the channel and the expected size cite
theirs. A span no rule used — an unknown word, a catalog term, a time, a number or a negation left
over — is reported with no path, so the user sees it before the count. Function words of the
request's language, people nouns and cue words carry no constraint and are not listed. Every
phrase is the user's exact text.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.contract import CoverageItem
from assistant.language import Role
from assistant.offline.build import Parse
from assistant.offline.spans import Span, SpanKind
from assistant.offline.understand import Understanding

REPORTED = frozenset(
    {
        SpanKind.UNKNOWN,
        SpanKind.TERM,
        SpanKind.TIME,
        SpanKind.QUANTITY,
        SpanKind.SIZE,
        SpanKind.NEGATION,
        SpanKind.VAGUE,
        SpanKind.AVERAGE,
    }
)
"""Span kinds that carry a constraint: left unused, they are reported."""

_NOTES = {SpanKind.UNKNOWN: "note_unknown"}

MEANING = frozenset(
    {
        Role.STRONG,
        Role.LIKELY,
        Role.RECENCY,
        Role.LAPSE,
        Role.SPEAKING,
        Role.AVERAGE,
        Role.SUPERLATIVES,
        Role.METRICS,
        Role.RANGE_OPEN,
        Role.PAST,
        Role.CALENDAR_PREVIOUS,
        Role.FUTURE,
        Role.UPCOMING,
        Role.THIS,
        Role.SINCE,
        Role.OLDER,
        Role.AGO_AFTER,
        Role.AGO_BEFORE,
        Role.TODAY,
        Role.YESTERDAY,
        Role.TOMORROW,
        Role.YEAR_TO_DATE,
        Role.START_OF,
        Role.END_OF,
        Role.YEAR_WORDS,
        Role.QUARTER_WORDS,
        Role.HALF_WORDS,
        Role.ONGOING_STATES,
        Role.ONE_GO,
        Role.END_VERBS,
        Role.END_WORDS,
        Role.WEEKEND,
    }
)
"""Roles of words that carry a constraint of their own — a degree ('high'), recency ('latest'),
a language ('speakers'), a superlative ('most'), a range ('between'), a time ('since', 'year',
'ago', 'weekend'), a state ('open'), one event's threshold ('in one go'), an end ('runs out'):
left unused, that constraint is lost, so they are reported unless the word is also a function
word of the language ('in', 'live' read as grammar). Words that only shape a reading the parser
makes anyway ('a single order', 'through the app', 'before' as 'ever') are not listed: reporting
them would warn on proposals that read every word."""


OVER_GRAMMAR = frozenset({Role.SUPERLATIVES, Role.SPEAKING})
"""Meanings that win over a word's listing as a function word: 'the most orders' and 'Spanish
speakers' say something even where 'most' and 'speakers' are filler elsewhere."""


def is_reported(span: Span) -> bool:
    """Whether ``span``, left unused, must be reported: content (a catalog term, a time, a
    number, a negation, a vague or unknown word) or a word with a meaning of its own."""
    if span.is_subject:
        return False
    if span.kind in REPORTED:
        return True
    grammar = span.has(Role.FUNCTION) and not any(span.has(role) for role in OVER_GRAMMAR)
    meaningful = any(span.has(role) for role in MEANING) and not grammar
    return span.kind is SpanKind.WORD and meaningful


def reported_runs(
    spans: Sequence[Span], used: frozenset[int], request: str
) -> list[tuple[str, SpanKind]]:
    """Runs of adjacent unused content spans, as the user's text with the first span's kind."""
    runs: list[list[Span]] = []
    for index, span in enumerate(spans):
        if index in used or not is_reported(span):
            continue
        if runs and runs[-1][-1].end == span.start:
            runs[-1].append(span)
        else:
            runs.append([span])
    return [(request[run[0].char_start : run[-1].char_end], run[0].kind) for run in runs]


def coverage_of(
    understood: Understanding, paths: Sequence[str], parse: Parse | None = None
) -> list[CoverageItem]:
    """Phrase → rule path for every span used, then the reported phrases with no path.

    ``parse`` defaults to the understanding's own (a refinement passes the rules it kept).
    """
    parse = parse or understood.parse
    pack = understood.pack
    items = [
        CoverageItem(phrase=span.text, rule_path=path)
        for rule, path in zip(parse.rules, paths, strict=True)
        for span in sorted(set(rule.spans), key=lambda s: s.start)
    ]
    items += [CoverageItem(phrase=s.text, rule_path="channel") for s in parse.channel_spans]
    items += [
        CoverageItem(phrase=s.text, rule_path="expected_size", note=pack.say("note_size"))
        for s in parse.size_spans
    ]
    items += [
        CoverageItem(phrase=phrase, rule_path=None, note=pack.say(_NOTES.get(kind, "note_unused")))
        for phrase, kind in reported_runs(understood.spans, understood.used, understood.request)
    ]
    return items
