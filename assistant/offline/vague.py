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
from assistant.offline.draft import Ambiguity, Choice, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.naming import names_column
from assistant.offline.spans import SpanKind
from assistant.offline.times import TimeSpec
from audience.rules import Window, WindowKind
from schema_catalog import Catalog

_VALUES = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE})

REASONS = {"value": "worth"}
"""Vague kinds whose ambiguity reason has another name (an indicator 'value' is a band)."""


def settle_by_column(draft: Draft, catalog: Catalog) -> None:
    """'senior card holders', 'mit Seniorenkarte': a vague word that is also a value of a column,
    next to a word of that column's name, is that value — the sentence settles it."""
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.VAGUE or mention.used or index in draft.choices:
            continue
        near = [
            other
            for other in draft.mentions[max(0, index - 1) : index + 2]
            if other is not mention and other.clause == mention.clause
        ]
        found = [
            (s, m)
            for s in mention.senses
            if s.kind in _VALUES
            for m in near
            if _names(s, m, draft.pack, catalog)
        ]
        if len({sense.target for sense, _ in found}) != 1:
            continue
        anchor = draft.choose(index, Choice(label=mention.text, sense=found[0][0]))
        for _, other in found:
            if not other.span.is_subject:
                draft.attach(anchor, other)


def _names(sense: Sense, mention: Mention, pack: Pack, catalog: Catalog) -> bool:
    """Whether a word of ``mention`` names the column of the value ``sense``."""
    if not (sense.table and sense.column):
        return False
    column = catalog.table(sense.table).column(sense.column)
    compounds = bool(pack.compound_links)
    return any(names_column(word, column, compounds) for word in mention.words)


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
