"""Follow-ups that ask several edits at once: 'drop the tablet part, phones only', 'nimm die
Standard-Bedingung raus und setz die Grenze auf 5 Bestellungen', 'enlève les enfants, et
seulement la Belgique'.

The follow-up is cut where a connector (a comma, 'and', 'but') stands between two parts that
each ask an edit of their own; the parts are applied in order, each to the tree the one before
left. Read as one, the second edit's words would be taken by the first (a removal also removing
the value to keep) or lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.followup import EditOutcome
from assistant.offline.lexicon import Lexicon
from assistant.offline.spans import Connector, Span, SpanKind
from assistant.offline.understand import Understanding, understand
from audience.rules import RuleTree
from schema_catalog import Catalog

EDIT_CUES = (
    Role.EDIT_REMOVE,
    Role.EDIT_ONLY,
    Role.EDIT_THRESHOLD,
    Role.EDIT_REPLACE,
    Role.EDIT_WIDEN,
    Role.EDIT_CORRECTION,
    Role.EDIT_UNDO,
    Role.EDIT_RESTORE,
    Role.EDIT_ANY,
    Role.EDIT_ANYWHERE,
)
"""Words that make a part of a follow-up an edit of its own ('not' is none: 'clicked, not
opened' is one swap)."""

_CUTTING = frozenset({Connector.AND, Connector.BUT, Connector.SEPARATOR})

PartEdit = Callable[[Understanding, RuleTree], EditOutcome | None]
"""The edit one part asks, applied to the tree the parts before it left."""


def _asks_edit(spans: tuple[Span, ...]) -> bool:
    return any(span.has(role) for span in spans for role in EDIT_CUES)


def cuts(understood: Understanding) -> list[int]:
    """Indexes of the connector spans that separate two edits."""
    spans = understood.spans
    connectors = [
        i for i, s in enumerate(spans) if s.kind is SpanKind.CONNECTOR and s.connector in _CUTTING
    ]
    found: list[int] = []
    for position, index in enumerate(connectors):
        start = found[-1] + 1 if found else 0
        stop = connectors[position + 1] if position + 1 < len(connectors) else len(spans)
        left, right = spans[start:index], spans[index + 1 : stop]
        if _asks_edit(left) and (_asks_edit(right) or _restates_after_removal(left, right)):
            found.append(index)
    return found


def _restates_after_removal(left: tuple[Span, ...], right: tuple[Span, ...]) -> bool:
    """'enlève le filtre Standard, je veux tous les abonnés Onda+ actifs': after a removal, a
    part naming catalog terms with no edit word of its own says what the audience is now — an
    edit of its own, applied after the removal (read with it, the removal takes its words)."""
    removes = any(span.has(Role.EDIT_REMOVE) for span in left)
    return removes and any(span.kind is SpanKind.TERM and not span.is_subject for span in right)


def _parts(understood: Understanding, at: list[int]) -> list[tuple[str, int]]:
    """The follow-up's text between the cuts, with the offset where each part starts."""
    spans, text = understood.spans, understood.request
    bounds = [0, *(c for i in at for c in (spans[i].char_start, spans[i].char_end)), len(text)]
    return [(text[bounds[k] : bounds[k + 1]], bounds[k]) for k in range(0, len(bounds), 2)]


def chained(
    understood: Understanding,
    previous: RuleTree,
    catalog: Catalog,
    lexicon: Lexicon,
    edit: PartEdit,
) -> tuple[Understanding, EditOutcome] | None:
    """The edits of each part applied in turn, with the whole follow-up marking what they read;
    None when the follow-up is one edit, or a part is no edit or could apply to several rules
    (the follow-up is then read as a whole)."""
    at = cuts(understood)
    if not at:
        return None
    tree, changes, notes = previous, list[edits.Change](), list[str]()
    used = set[int]()
    for text, offset in _parts(understood, at):
        part = understand(text, catalog, lexicon, previous=tree, pack=understood.pack)
        outcome = edit(part, tree)
        if outcome is None or len(outcome.readings) != 1:
            return None
        tree, changes = outcome.readings[0][0], changes + outcome.readings[0][1]
        used |= _placed(understood, part, part.used | outcome.spans | _cued(part), offset)
        notes += outcome.notes
    used |= set(at)
    whole = replace(understood, used=frozenset(used))
    return whole, EditOutcome(((tree, changes),), frozenset(used), tuple(notes))


def _cued(part: Understanding) -> frozenset[int]:
    return frozenset(i for i, s in enumerate(part.spans) if _asks_edit((s,)))


def _placed(
    whole: Understanding, part: Understanding, indexes: frozenset[int], offset: int
) -> set[int]:
    """The spans of the whole follow-up at the places of the part's spans ``indexes``."""
    starts = {span.char_start: i for i, span in enumerate(whole.spans)}
    return {
        starts[part.spans[i].char_start + offset]
        for i in indexes
        if part.spans[i].char_start + offset in starts
    }
