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

_DEGREE = (Role.STRONG, Role.LIKELY, Role.ONE_GO)
"""Cue words that carry a degree ('high', 'hohe') or say a threshold holds for one event ('in
one go'): left unused, that meaning is lost — reported."""


def _reported(span: Span) -> bool:
    if span.is_subject:
        return False
    return span.kind in REPORTED or (
        span.kind is SpanKind.WORD and any(span.has(role) for role in _DEGREE)
    )


def reported_runs(
    spans: Sequence[Span], used: frozenset[int], request: str
) -> list[tuple[str, SpanKind]]:
    """Runs of adjacent unused content spans, as the user's text with the first span's kind."""
    runs: list[list[Span]] = []
    for index, span in enumerate(spans):
        if index in used or not _reported(span):
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
