"""A correction re-reads its words against the slot it corrects.

'contacted customer care by chat in February' → 'no, by phone': 'phone' may also name another
event's value ('a plan change made by phone'), but a correction restates a condition the audience
already has. A value of a column the previous tree already filters on, said in the correction and
different from the value there, replaces it in place. Several such slots → the edit asks which.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import refine as edits
from assistant.language import Pack, Role
from assistant.offline.followup import EditOutcome, said
from assistant.offline.lexicon import Lexicon
from assistant.offline.spans import Negation, SpanKind
from assistant.offline.understand import Understanding
from audience.rules import Behavior, Condition, Op, RuleTree
from schema_catalog import Catalog, Table


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return bool(size) and any(
        tuple(words[i : i + size]) == tuple(phrase) for i in range(len(words) - size + 1)
    )


def _said_values(table: Table, column: str, words: Sequence[str], pack: Pack) -> list[str]:
    found = []
    spec = table.column(column)
    for value in spec.allowed_values or ():
        names = (value, value.replace("_", " "), *spec.value_synonyms.get(value, ()))
        if any(_contains(words, pack.tokens(name)) for name in names):
            found.append(value)
    return found


def _corrects(understood: Understanding) -> bool:
    first = understood.spans[0] if understood.spans else None
    opens_no = (
        first is not None
        and first.has(Role.EDIT_INTERJECTION)
        and any(understood.pack.is_word(Role.NEGATION, w) for w in first.words)
    )
    return opens_no or said(understood, Role.EDIT_CORRECTION)


def excludes(understood: Understanding) -> bool:
    """'no, I meant everything outside Europe': the correction's own 'outside' / 'except' is
    part of what it restates (unlike its opening 'no', which only says it corrects)."""
    return any(span.negation is Negation.EXCLUDE for span in understood.spans)


def correct_in_place(
    previous: RuleTree, understood: Understanding, catalog: Catalog, lexicon: Lexicon
) -> EditOutcome | None:
    """Each reading replaces one filter value of a behaviour already in the tree (the lexicon
    is not needed: the words are read against the columns the tree filters on)."""
    if not _corrects(understood):
        return None
    words = [word for span in understood.spans for word in span.words]
    readings = []
    for index, rule in enumerate(previous.root.rules):
        if not isinstance(rule, Behavior):
            continue
        table = catalog.table(rule.event)
        for position, condition in enumerate(rule.filters):
            if not table.column(condition.field).allowed_values:
                continue
            values = [
                v
                for v in _said_values(table, condition.field, words, understood.pack)
                if v != condition.value
            ]
            if len(values) == 1:
                op = Op.NEQ if excludes(understood) else Op.EQ
                fixed = Condition(field=condition.field, op=op, value=values[0])
                filters = [*rule.filters[:position], fixed, *rule.filters[position + 1 :]]
                readings.append(edits.replace_rule(previous, index, rule.updated(filters=filters)))
    if not readings:
        return None
    named = frozenset(
        i for i, span in enumerate(understood.spans) if span.senses or span.kind is SpanKind.UNKNOWN
    )
    return EditOutcome(tuple(readings), named)
