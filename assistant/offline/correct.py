"""A correction re-reads its words against the slot it corrects.

'contacted customer care by chat in February' → 'no, by phone': 'phone' may also name another
event's value ('a plan change made by phone'), but a correction restates a condition the audience
already has. A value of a column the previous tree already filters on, said in the correction and
different from the value there, replaces it in place. Several such slots → the edit asks which.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import refine as edits
from assistant.language import Role
from assistant.offline.ahead import state_columns
from assistant.offline.followup import EditOutcome, days_of, said
from assistant.offline.lexicon import Lexicon
from assistant.offline.nodes import values_op
from assistant.offline.spans import Negation, SpanKind
from assistant.offline.state_dates import state_date_columns
from assistant.offline.understand import Understanding
from audience.rules import Behavior, Condition, RuleTree, Window, WindowKind, value_items
from schema_catalog import Catalog, Table


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return bool(size) and any(
        tuple(words[i : i + size]) == tuple(phrase) for i in range(len(words) - size + 1)
    )


def _value_names(table: Table, column: str, value: str) -> tuple[str, ...]:
    return (value, value.replace("_", " "), *table.column(column).value_synonyms.get(value, ()))


def _said_values(table: Table, column: str, understood: Understanding) -> dict[str, set[str]]:
    """Each value of ``column`` the correction names — by a name or synonym of the catalog, or
    by a word the lexicon reads as that value ('Schuhe') — with the words that name it."""
    pack, spans = understood.pack, understood.spans
    words = [word for span in spans for word in span.words]
    said: dict[str, set[str]] = {}
    for value in table.column(column).allowed_values or ():
        names = [pack.tokens(name) for name in _value_names(table, column, value)]
        if any(_contains(words, name) for name in names):
            said.setdefault(value, set()).update(word for name in names for word in name)
    for span in spans:
        for sense in span.senses:
            if (sense.table, sense.column) == (table.name, column) and sense.value:
                said.setdefault(sense.value, set()).update(span.words)
    return said


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
    readings, said_words = [], set[str]()
    for index, rule in enumerate(previous.root.rules):
        if not isinstance(rule, Behavior):
            continue
        table = catalog.table(rule.event)
        for position, condition in enumerate(rule.filters):
            found = _fixed(table, condition, understood)
            if found is not None:
                said_words |= found[1]
                filters = [*rule.filters[:position], found[0], *rule.filters[position + 1 :]]
                readings.append(edits.replace_rule(previous, index, rule.updated(filters=filters)))
    if not readings:
        return None
    if len(readings) == 1:
        readings = list(old_state_dates(previous, readings[0][0], catalog) or readings)
    named = frozenset(
        i
        for i, span in enumerate(understood.spans)
        if span.senses
        or span.kind is SpanKind.NEGATION
        or (span.kind is SpanKind.UNKNOWN and set(span.words) <= said_words)
    )  # an unknown word that is no part of the value said stays unread, and is reported
    return EditOutcome(tuple(readings), named)


def _fixed(
    table: Table, condition: Condition, understood: Understanding
) -> tuple[Condition, set[str]] | None:
    """The condition with the one value the correction names instead, and the words of that
    value. Named after a negation ('no, I meant anything but bags'), the value is excluded — the
    very value the tree had, too. Words the catalog gives to several values ('outside Europe':
    every zone but Europe) name them all, as one list."""
    if not table.column(condition.field).allowed_values:
        return None
    fixes = []
    said_values = _said_values(table, condition.field, understood)
    for values, value_words in _grouped(said_values, understood, table, condition.field):
        op, value = values_op(values, _negated_before(understood, value_words))
        if (op, value) != (condition.op, condition.value):
            fixed = Condition(field=condition.field, op=op, value=value)
            fixes.append((fixed, value_words))
    return fixes[0] if len(fixes) == 1 else None


def _grouped(
    said: dict[str, set[str]], understood: Understanding, table: Table, column: str
) -> list[tuple[list[str], set[str]]]:
    """The values said, one by one — except those one phrase names together ('outside Europe':
    every zone but Europe), which are one list; a value named by a word inside that phrase
    ('Europe') is part of it, not said on its own."""
    groups = []
    for span in understood.spans:
        values = [
            sense.value
            for sense in span.senses
            if (sense.table, sense.column) == (table.name, column) and sense.value
        ]
        if len(values) > 1:
            groups.append((values, set(span.words)))
    covered = {word for _, words in groups for word in words}
    singles = [([value], words) for value, words in said.items() if not words & covered]
    return groups + singles


def _negated_before(understood: Understanding, value_words: set[str]) -> bool:
    """A negation between the opening words and the value ('nein, ich meinte alles außer EU')."""
    spans = understood.spans
    at = next((i for i, s in enumerate(spans) if set(s.words) & value_words), len(spans))
    return any(span.kind is SpanKind.NEGATION for span in spans[1:at])


def old_state_dates(
    previous: RuleTree, tree: RuleTree, catalog: Catalog
) -> tuple[edits.Edit, ...] | None:
    """'no, I meant the ones that expired' after 'redeemed a coupon last month': the period
    held dates the old state (the redemption day), which the new state's rows do not have.
    Whether it now dates the rows themselves or goes is asked: each is a reading — unless the
    correction dates the new state itself ('… that expired in May': its expiry date)."""
    for index, rule in enumerate(tree.root.rules):
        at = _old_state_date(rule, catalog) if isinstance(rule, Behavior) else None
        if at is None or not isinstance(rule, Behavior) or index >= len(previous.root.rules):
            continue
        days = days_of(rule.filters[at].value)
        kept = [c for i, c in enumerate(rule.filters) if i != at]
        undated = rule.updated(filters=kept)
        readings = [undated]
        dates_own = edits.dated_filter(undated, calendar=True) is not None
        if days is not None and rule.window is None and not dates_own:
            window = Window(type=WindowKind.BETWEEN, start=days[0], end=days[1])
            readings.insert(0, undated.updated(window=window))
        return tuple(edits.replace_rule(previous, index, node) for node in readings)
    return None


def _old_state_date(rule: Behavior, catalog: Catalog) -> int | None:
    """The index of a filter on the date of a state other than the one the rule now names
    (a redemption date on expired coupons); None when there is none."""
    table = catalog.table(rule.event)
    states = state_columns(table)
    named = {str(v) for c in rule.filters if c.field in states for v in value_items(c.value)}
    if not named:
        return None
    for column in states:
        for value in table.column(column).allowed_values or ():
            if value in named:
                continue
            dates = set(state_date_columns(table, value))
            found = [i for i, c in enumerate(rule.filters) if c.field in dates]
            if found:
                return found[0]
    return None
