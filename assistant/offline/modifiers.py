"""Third pass: times, quantities, sizes, negations and qualifying cues attach to anchors, each
kind by its attacher, in a fixed order over the whole sentence."""

from __future__ import annotations

from collections.abc import Callable

from assistant.language import Pack, Role
from assistant.offline.attach import attach_lapse, attach_quantity, attach_size, attach_time
from assistant.offline.draft import Draft, Mention
from assistant.offline.event_words import single_event
from assistant.offline.lexicon import SenseKind
from assistant.offline.negation import attach_negation
from assistant.offline.qualifiers import (
    attach_average,
    attach_one_go,
    attach_recency,
    attach_strong,
)
from assistant.offline.spans import SpanKind
from assistant.offline.split_values import attach_split_value
from schema_catalog import Catalog

Attacher = Callable[[Draft, int, Catalog, Pack], None]
Test = Callable[[Mention], bool]


def _is(kind: SpanKind) -> Test:
    return lambda mention: mention.kind is kind


def _role(role: Role) -> Test:
    return lambda mention: mention.kind in {SpanKind.WORD, SpanKind.TERM} and mention.has(role)


def _average_span(mention: Mention) -> bool:
    return mention.kind is SpanKind.AVERAGE or (
        mention.kind is SpanKind.WORD and mention.has(Role.AVERAGE)
    )


def _strong_span(mention: Mention) -> bool:
    return mention.kind in {SpanKind.WORD, SpanKind.TERM} and (
        mention.has(Role.STRONG) or mention.has(Role.LIKELY)
    )


ATTACHERS: tuple[tuple[Test, Attacher], ...] = (
    (_is(SpanKind.SIZE), attach_size),
    (_role(Role.RECENCY), attach_recency),
    (_is(SpanKind.NEGATION), attach_lapse),
    (_average_span, attach_average),
    (_is(SpanKind.QUANTITY), attach_quantity),
    (_is(SpanKind.TIME), attach_time),
    (_is(SpanKind.NEGATION), attach_negation),
    (_strong_span, attach_strong),
    (_role(Role.ONE_GO), attach_one_go),
    (_is(SpanKind.WORD), attach_split_value),
)
"""Applied in this order, each over the whole sentence (quantities before times: '3 orders in 6
months'; the lapse form of a negation before the plain one)."""


def attach_modifiers(draft: Draft, catalog: Catalog, pack: Pack) -> None:
    """Attach every modifier to its anchor; unattached ones stay unused (and are reported)."""
    for test, attacher in ATTACHERS:
        for index, mention in enumerate(draft.mentions):
            if test(mention) and not mention.used:
                attacher(draft, index, catalog, pack)
    for anchor in draft.anchors:
        if anchor.kind is SenseKind.EVENT and anchor.mentions:
            anchor.single = anchor.single or single_event(draft, anchor)
        anchor.time = anchor.time or anchor.default_time
