"""Values at the ends of a move: 'switched from Essential to Unlimited', 'von A auf B gewechselt'.

With a verb of moving in the clause, a value right after a word of the move's start ('from',
'de', 'von') or end ('to', 'à', 'auf') is read on the event column whose names hold such a word
(a plan change's previous / new plan), not on the current value of the profile. Both ends of one
move, and its channel and time, are one event.
"""

from __future__ import annotations

from assistant.language import Role, all_packs
from assistant.offline.draft import Choice, Draft, Mention
from assistant.offline.senses import Sense, SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog

_ENDS = (Role.MOVE_FROM, Role.MOVE_TO)
_WORDS = (SpanKind.WORD, SpanKind.UNKNOWN)


def _end_columns(catalog: Catalog, role: Role) -> list[tuple[str, str, tuple[str, ...]]]:
    """Event columns named by a word of ``role`` in some language: (table, column, values)."""
    found = []
    for table in catalog.event_tables:
        for column in table.columns:
            names = [n.lower() for n in (column.synonyms or [])]
            if any(p.is_word(role, name) for p in all_packs() for name in names):
                found.append((table.name, column.name, tuple(column.allowed_values or ())))
    return found


def _end_before(draft: Draft, index: int) -> tuple[Role, Mention] | None:
    """Which end the value at ``index`` is, from the word just before it (an article or the
    column's noun may stand between: 'du forfait Essentiel')."""
    cursor = index - 1
    while cursor >= 0 and cursor >= index - 3:
        before = draft.mentions[cursor]
        if before.clause != draft.mentions[index].clause:
            return None
        for role in _ENDS:
            if _said(before, role):
                return role, before
        noun = before.kind is SpanKind.TERM and all(s.value is None for s in before.senses)
        if not (noun or before.has(Role.ARTICLES)):
            return None
        cursor -= 1
    return None


def _said(mention: Mention, *roles: Role) -> bool:
    """A word of the language (not a catalog term) of one of ``roles``."""
    return mention.kind in _WORDS and any(mention.has(role) for role in roles)


def _moving(draft: Draft, clause: int, tables: set[str]) -> bool:
    """A verb of moving in ``clause``, or a word naming the move's own event there ('upgraded',
    'plan change': the catalog's words for a row with a start and an end)."""
    return any(
        m.clause == clause
        and (
            _said(m, Role.MOVE_VERBS)
            or any(s.kind is SenseKind.EVENT and s.table in tables for s in m.senses)
        )
        for m in draft.mentions
    )


def read_moves(draft: Draft, catalog: Catalog) -> None:
    """Read the ends of a move on one event (see the module)."""
    ends = {role: _end_columns(catalog, role) for role in _ENDS}
    tables = {table for columns in ends.values() for table, _, _ in columns}
    found: list[tuple[int, Mention, Mention, str, str, str]] = []
    for index, mention in enumerate(draft.mentions):
        if mention.kind is not SpanKind.TERM or mention.used or index in draft.choices:
            continue
        values = {s.value for s in mention.senses if s.value}
        end = _end_before(draft, index) if values else None
        if end is None or not _moving(draft, mention.clause, tables):
            continue
        role, word = end
        options = [
            (table, column, value)
            for table, column, allowed in ends[role]
            for value in sorted(values)
            if value in allowed
        ]
        if len({(t, c) for t, c, _ in options}) == 1 and len(options) == 1:
            found.append((index, mention, word, *options[0]))
    if len({table for _, _, _, table, _, _ in found}) != 1:
        return
    anchor = None
    for index, mention, word, table, column, value in found:
        if anchor is None:
            sense = Sense(SenseKind.EVENT_VALUE, table=table, column=column, value=value)
            anchor = draft.choose(index, Choice(label=mention.text, sense=sense))
            anchor.forced = False
        else:
            anchor.filters.setdefault(column, []).append(value)
        draft.attach(anchor, mention)
        draft.attach(anchor, word)
        for other in draft.mentions:
            if other.clause == mention.clause and _said(other, Role.MOVE_VERBS):
                draft.attach(anchor, other)
