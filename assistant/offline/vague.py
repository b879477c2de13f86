"""Vague words: a stated default, or a question with complete audiences as options.

'recent buyers': a recency word on a behaviour takes the language pack's default window, and the
proposal says so before the count ('recent' = in the last 90 days). Every other vague word —
'active', 'loyal', 'big spenders', 'young' — and a recency word with no behaviour to qualify
('recent customers': signed up or bought?) become an ``Ambiguity`` of their kind; the planner asks,
with the catalog's readings as options. A word the catalog itself defines as a value is not vague
here: the scan already read it as a catalog term.
"""

from __future__ import annotations

from assistant.language import Pack
from assistant.offline.draft import Ambiguity, Draft
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind
from assistant.offline.times import TimeSpec
from audience.rules import Window, WindowKind

REASONS = {"value": "worth"}
"""Vague kinds whose ambiguity reason has another name (an indicator 'value' is a band)."""


def place_vague(draft: Draft, pack: Pack) -> None:
    """Assume the default window for recency words on a behaviour; the others are ambiguities."""
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        kind = mention.span.vague or "value"
        if kind == "recency" and _recent_behaviour(draft, index, pack):
            continue
        reason = REASONS.get(kind, kind)
        draft.ambiguities.append(
            Ambiguity(mention.text, tuple(mention.senses), reason=reason, index=index)
        )
        mention.used = True


def _recent_behaviour(draft: Draft, index: int, pack: Pack) -> bool:
    mention = draft.mentions[index]
    events = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT and a.clause == mention.clause and a.time is None
    ]
    if not events:
        return False
    anchor = min(events, key=lambda a: abs(a.position - index))
    default = pack.recency_window
    anchor.time = TimeSpec(
        window=Window(type=WindowKind.LAST, amount=default.amount, unit=default.unit)
    )
    draft.attach(anchor, mention)
    unit = pack.unit_name(default.unit)
    draft.assumptions.append(
        pack.say("assume_recency", phrase=mention.text, amount=default.amount, unit=unit)
    )
    return True
