"""What a request asks for: a set of people, or something else the assistant does not do.

Refusals are decided by what is asked — a text to write ('write a subject line for our VIPs'), a
figure ('what is our occupancy rate'), a question about data that is not a set of people ('which
store sells the most shoes?'), small talk — never by the presence of a keyword, and a catalog
word inside such a request does not make it an audience. The words of each intent live in the
language pack's ``intents`` topic.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.contract import Refusal, RequestKind
from assistant.language import Pack, Role
from assistant.offline.spans import Span, SpanKind

WRITE_REACH = 6
"""A text noun this many words after a writing verb makes the request a writing task."""


def _at(pack: Pack, role: Role, words: Sequence[str]) -> list[int]:
    return [index for index in range(len(words)) if pack.has(role, words, index)]


def _words_of(spans: Sequence[Span], role: Role) -> list[int]:
    """Word positions of language words (not catalog terms) with ``role``."""
    return [s.start for s in spans if s.kind in {SpanKind.WORD, SpanKind.UNKNOWN} and s.has(role)]


def _content(spans: Sequence[Span]) -> list[Span]:
    return [
        s
        for s in spans
        if s.kind is not SpanKind.CONNECTOR
        and not _filler(s)
        and any(char.isalnum() for word in s.words for char in word)
    ]


def _filler(span: Span) -> bool:
    return (
        span.kind is SpanKind.WORD
        and not any(span.has(role) for role in (Role.WRITE_VERBS, Role.TEXTS, Role.METRICS))
        and span.has(Role.FUNCTION)
    )


def asks_for_text(words: Sequence[str], spans: Sequence[Span], pack: Pack) -> bool:
    """A writing verb followed by a text ('write a subject line', 'draft an SMS message'), or a
    request that opens with a text noun ('a haiku about autumn', 'subject line ideas for …')."""
    texts = _words_of(spans, Role.TEXTS)
    verbs = _words_of(spans, Role.WRITE_VERBS)
    if any(0 < t - v <= WRITE_REACH for v in verbs for t in texts):
        return True
    content = _content(spans)
    if not content:
        return False
    first = content[0]
    if first.has(Role.WRITE_VERBS) and first.kind is SpanKind.WORD:
        return not _population_follows(words, first.end, spans, pack)
    return first.has(Role.TEXTS) and first.kind is not SpanKind.TERM


def _population_follows(
    words: Sequence[str], index: int, spans: Sequence[Span], pack: Pack
) -> bool:
    """'which customers …', 'how many of our VIPs …': the question is about a set of people —
    the first content word after the opener names people."""
    for span in spans:
        if span.start < index or span.kind is SpanKind.CONNECTOR:
            continue
        if span.is_subject or span.has(Role.POPULATION):
            return True
        if span.kind is SpanKind.TERM:
            return _names_people(span)
        if not _filler(span):
            return False
    return False


def _names_people(span: Span) -> bool:
    """A profile value ('VIPs', 'women') names people; an event or a measure does not."""
    return any(sense.kind.value in {"value", "subject", "indicator"} for sense in span.senses)


def asks_for_metric(words: Sequence[str], spans: Sequence[Span], pack: Pack) -> bool:
    """A figure asked as a question or as the whole request ('what is the conversion rate',
    'occupancy rate of our hotels'), with no threshold on it."""
    metrics = _words_of(spans, Role.METRICS)
    if not metrics or any(s.kind is SpanKind.QUANTITY for s in spans):
        return False
    opened = bool(_at(pack, Role.QUESTION_OPENERS, words[:3]))
    # 'about 300 subscribers …': a stated size counts people, whose noun the size span holds
    people = any(s.is_subject or s.kind is SpanKind.SIZE for s in spans)
    return opened or not people


def asks_a_question(words: Sequence[str], spans: Sequence[Span], pack: Pack) -> bool:
    """A question that opens with 'which', 'what', 'when', 'how many' about something that is
    not people ('which store sells the most shoes?', 'how many orders were placed in July?');
    'quel que soit', 'egal welcher', 'egal wo' open no question: any value will do."""
    anything = (Role.EDIT_ANY, Role.EDIT_ANYWHERE)
    if any(span.has(role) and span.start < 2 for span in spans for role in anything):
        return False
    openers = _at(pack, Role.QUESTION_OPENERS, words[:2]) + _at(pack, Role.COUNT_OPENERS, words[:2])
    if not openers or any(pack.has(Role.EDIT_WIDEN, words, i) for i in range(openers[0])):
        return False  # 'also count app orders': an inclusion, not 'count of orders?'
    if _ends_widening(words, pack):
        return False  # 'actually count app orders too', 'count the app as well'
    start = openers[0] + max(
        pack.has(Role.QUESTION_OPENERS, words, openers[0]),
        pack.has(Role.COUNT_OPENERS, words, openers[0]),
    )
    return not _population_follows(words, start, spans, pack)


def _ends_widening(words: Sequence[str], pack: Pack) -> bool:
    """The request ends on a word that adds to what was asked before ('… too', '… as well')."""
    return any(
        pack.has(Role.EDIT_WIDEN, words, start) == len(words) - start
        for start in range(max(0, len(words) - 3), len(words))
    )


def _only_chat(words: Sequence[str], spans: Sequence[Span], pack: Pack) -> bool:
    content = [s for s in _content(spans) if s.kind is not SpanKind.WORD or not s.has(Role.CHAT)]
    return bool(_at(pack, Role.CHAT, words)) and not content


def intent_refusal(words: Sequence[str], spans: Sequence[Span], pack: Pack) -> Refusal | None:
    """A refusal when the request asks for something other than a set of people, else None."""
    kind: RequestKind | None = None
    if asks_for_text(words, spans, pack):
        kind = "text"
    elif asks_for_metric(words, spans, pack):
        kind = "metric"
    elif asks_a_question(words, spans, pack):
        kind = "question"
    elif _only_chat(words, spans, pack):
        kind = "unknown"
    if kind is None:
        return None
    return Refusal(
        reason=pack.say(f"refuse_{kind}"),
        category="out_of_scope",
        asks_for=kind,
        language=pack.code,
    )


def unknown_refusal(phrases: Sequence[str], pack: Pack) -> Refusal:
    """Nothing of the request maps to the catalog, and some of its words are unknown."""
    said = ", ".join(repr(p) for p in phrases[:3])
    return Refusal(
        reason=pack.say("refuse_not_in_catalog", phrases=said),
        category="out_of_scope",
        asks_for="unknown",
        language=pack.code,
    )
