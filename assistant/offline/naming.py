"""Which rule of the audience a follow-up names by a word of its field ('remove the store
condition' names the home-store rule; 'die Filialbedingung' names the 'Stammfiliale' one).

A follow-up often names a rule by a word of its column, table or indicator that is no catalog
phrase on its own ('store' of 'home store'). A word of the follow-up that is a whole word of a
rule's names, or a part of one written as a compound ('filiale' of 'Stammfiliale'), names it.
"""

from __future__ import annotations

import re

from audience.rules import (
    Attribute,
    Behavior,
    Condition,
    IndicatorRule,
    Node,
    RuleTree,
    value_items,
)
from schema_catalog import Catalog, Column, Table

_MIN_PART = 4
"""Shortest word that names a rule as part of a compound ('filiale' in 'stammfiliale')."""


def _words(*names: str | None) -> set[str]:
    return {w for name in names if name for w in re.split(r"[\W_]+", name.lower()) if w}


def _column_words(column: Column) -> set[str]:
    return _words(column.name, column.label, *column.labels.values(), *column.synonyms)


def _table_words(table: Table) -> set[str]:
    return _words(table.name, table.label, *table.labels.values(), *table.synonyms)


def _value_words(column: Column, value: object) -> set[str]:
    """The words of the names of the values ``value`` holds ('standard' of 'stream_standard',
    'Onda+ Standard'): a filter is named by its value's words too ('the Standard filter')."""
    values = [str(item) for item in value_items(value)]  # type: ignore[arg-type]
    return _words(*values, *(name for v in values for name in column.value_synonyms.get(v, ())))


def rule_words(node: Node, catalog: Catalog) -> set[str]:
    """The words naming ``node``: its column's, its event's and filters', or its indicator's;
    the words of the values it holds."""
    if isinstance(node, Attribute):
        column = catalog.column(node.field)[1]
        return _column_words(column) | _value_words(column, node.value)
    if isinstance(node, Behavior):
        table = catalog.table(node.event)
        words = _table_words(table)
        for condition in node.filters:
            column = table.column(condition.field)
            words |= _column_words(column) | _value_words(column, condition.value)
        return words
    if isinstance(node, IndicatorRule):
        indicator = catalog.indicator(node.indicator)
        return _words(indicator.name, indicator.label, *indicator.synonyms)
    return set()


def _names(word: str, words: set[str], compounds: bool) -> bool:
    """A whole word of ``words``, or — in a language that writes compounds closed — a part of
    one ('filiale' of 'stammfiliale'; English 'members' is no part of 'membership')."""
    if word in words:
        return True
    return (
        compounds
        and len(word) >= _MIN_PART
        and any(len(w) > len(word) and word in w for w in words)
    )


def names_column(word: str, column: Column, compounds: bool) -> bool:
    """Whether ``word`` is a word of the column's names ('card' of 'card type')."""
    return _names(word, _column_words(column), compounds)


def names_table(word: str, table: Table, compounds: bool) -> bool:
    """Whether ``word`` is a word of the table's names, or a part of a compound one ('tarif'
    of 'Tarifwechsel', in a language that writes compounds closed)."""
    return _names(word, _table_words(table), compounds)


def named_rules(tree: RuleTree, said: list[str], catalog: Catalog, compounds: bool) -> list[int]:
    """Indexes of the top-level rules of ``tree`` that a word of ``said`` names."""
    return [
        index
        for index, node in enumerate(tree.root.rules)
        if any(_names(word, rule_words(node, catalog), compounds) for word in said)
    ]


def named_filters(node: Behavior, said: list[str], catalog: Catalog, compounds: bool) -> set[str]:
    """The filter columns of ``node`` a word of ``said`` names, when no word names its event
    ('the channel condition' of web orders names the channel filter, not the orders)."""
    table = catalog.table(node.event)
    if any(_names(word, _table_words(table), compounds) for word in said):
        return set()
    return {
        condition.field
        for condition in node.filters
        if any(
            _names_filter(word, table.column(condition.field), condition, compounds)
            for word in said
        )
    }


def _names_filter(word: str, column: Column, condition: Condition, compounds: bool) -> bool:
    """Whether ``word`` names the filter: a word of its column or of the values it holds."""
    return names_column(word, column, compounds) or word in _value_words(column, condition.value)
