"""The offline parser's vocabulary, built from the catalog alone.

Every catalog name, synonym, allowed value and value synonym (English and French) becomes a phrase
with one or more *senses*. Which sense a phrase takes in a request is decided later, from context
(see ``resolve``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.offline.text import Normaliser, split_words
from assistant.offline.times import TIME_GRAMMAR
from assistant.offline.words import (
    BLOCKED_SYNONYMS,
    BREAK_WORDS,
    COMPARATORS,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    OR_WORDS,
    RANGE_JOINERS,
    RANGE_OPENERS,
    STOPWORDS,
    TIME_UNITS,
    VAGUE_WORDS,
)
from schema_catalog import Catalog, Column, Indicator, Table, TableKind


class SenseKind(StrEnum):
    """What a catalog phrase can stand for."""

    SUBJECT = "subject"
    """The profile itself ('customers'): no rule."""
    VALUE = "value"
    """A categorical value of a profile or attribute column ('VIP')."""
    EVENT = "event"
    """An event table ('bought', 'visited')."""
    EVENT_VALUE = "event_value"
    """A value of an event dimension ('in store', 'shoes')."""
    MEASURE = "measure"
    """A measure of an event table ('spent', 'euros')."""
    COLUMN = "column"
    """A profile or attribute column by name ('loyalty points', 'signed up')."""
    TABLE = "table"
    """An attribute table by name ('app users')."""
    INDICATOR = "indicator"
    INDICATOR_VALUE = "indicator_value"
    INDICATOR_KEY = "indicator_key"
    CHANNEL = "channel"


DEPENDENT = frozenset({SenseKind.EVENT_VALUE, SenseKind.INDICATOR_VALUE, SenseKind.INDICATOR_KEY})
"""Senses that qualify another rule rather than stand alone."""


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: which catalog object, and which value of it."""

    kind: SenseKind
    table: str | None = None
    column: str | None = None
    value: str | None = None
    indicator: str | None = None
    channel: str | None = None

    @property
    def target(self) -> str:
        """What the sense constrains, e.g. 'customers.city' or 'indicator:churn_risk'."""
        if self.indicator:
            return f"indicator:{self.indicator}"
        if self.channel:
            return f"channel:{self.channel}"
        return f"{self.table}.{self.column}" if self.column else f"table:{self.table}"


@dataclass
class Lexicon:
    """Phrase (normalised token tuple) → senses, plus a normaliser over the whole vocabulary."""

    entries: dict[tuple[str, ...], list[Sense]] = field(default_factory=dict)
    max_length: int = 1
    normaliser: Normaliser = field(default_factory=lambda: Normaliser(()))

    def lookup(self, words: list[str], start: int) -> tuple[int, list[Sense]]:
        """Longest phrase starting at ``start``: (length, senses), or (0, [])."""
        for length in range(min(self.max_length, len(words) - start), 0, -1):
            senses = self.entries.get(tuple(words[start : start + length]))
            if senses:
                return length, senses
        return 0, []


def phrase_key(text: str) -> tuple[str, ...]:
    """The token tuple of a catalog phrase ('In-Store' → ('in', 'store'))."""
    return tuple(token.text for token in split_words(text))


def build_lexicon(catalog: Catalog) -> Lexicon:
    """Every phrase of ``catalog`` with its senses; see the module docstring."""
    collected: dict[tuple[str, ...], list[Sense]] = defaultdict(list)
    for phrase, sense in _catalog_phrases(catalog):
        key = phrase_key(phrase)
        if not key or (len(key) == 1 and key[0] in BLOCKED_SYNONYMS):
            continue
        if sense not in collected[key]:
            collected[key].append(sense)
    grammar = set(STOPWORDS) | set(NUMBER_WORDS) | set(TIME_UNITS) | set(MONTHS) | set(VAGUE_WORDS)
    grammar |= TIME_GRAMMAR | RANGE_OPENERS | RANGE_JOINERS | OR_WORDS | BREAK_WORDS
    grammar |= {word for phrase in (*COMPARATORS, *NEGATIONS) for word in phrase}
    vocabulary = {word for key in collected for word in key} | grammar
    return Lexicon(
        entries=dict(collected),
        max_length=max((len(key) for key in collected), default=1),
        normaliser=Normaliser(vocabulary, collected),
    )


def _catalog_phrases(catalog: Catalog) -> list[tuple[str, Sense]]:
    hidden = {indicator.table for indicator in catalog.indicators if indicator.table}
    if catalog.suppression:
        hidden.add(catalog.suppression.table)
    phrases: list[tuple[str, Sense]] = []
    for table in catalog.tables:
        if table.name not in hidden:
            phrases += _table_phrases(table, catalog)
    for indicator in catalog.indicators:
        phrases += _indicator_phrases(indicator)
    for channel in catalog.channels:
        sense = Sense(SenseKind.CHANNEL, channel=channel.name)
        phrases += [(word, sense) for word in (channel.name, channel.label, *channel.synonyms)]
    return phrases


def _table_phrases(table: Table, catalog: Catalog) -> list[tuple[str, Sense]]:
    kind = _TABLE_SENSE[table.kind]
    own = Sense(kind, table=table.name)
    words = [table.name.replace("_", " "), *table.synonyms]
    phrases = [(word, own) for word in words] if table.kind is not TableKind.ATTRIBUTE else []
    if table.kind is TableKind.ATTRIBUTE:
        phrases = [(word, own) for word in table.synonyms]
    for column in table.columns:
        phrases += _column_phrases(table, column, catalog)
    return phrases


_TABLE_SENSE = {
    TableKind.PROFILE: SenseKind.SUBJECT,
    TableKind.EVENT: SenseKind.EVENT,
    TableKind.ATTRIBUTE: SenseKind.TABLE,
}


def _column_phrases(table: Table, column: Column, catalog: Catalog) -> list[tuple[str, Sense]]:
    is_event = table.kind is TableKind.EVENT
    if column.name in {table.key, table.timestamp, catalog.profile.key}:
        return []
    phrases: list[tuple[str, Sense]] = []
    if is_event and column.name in table.measures:
        measure = Sense(SenseKind.MEASURE, table=table.name, column=column.name)
        phrases += [(word, measure) for word in (column.name, *column.synonyms)]
    elif not is_event:
        named = Sense(SenseKind.COLUMN, table=table.name, column=column.name)
        names = column.synonyms if column.pii else (column.name.replace("_", " "), *column.synonyms)
        phrases += [(word, named) for word in names]
    value_kind = SenseKind.EVENT_VALUE if is_event else SenseKind.VALUE
    for value in column.allowed_values or ():
        sense = Sense(value_kind, table=table.name, column=column.name, value=value)
        for word in (value, value.replace("_", " "), *column.value_synonyms.get(value, ())):
            phrases.append((word, sense))
    return phrases


def _indicator_phrases(indicator: Indicator) -> list[tuple[str, Sense]]:
    own = Sense(SenseKind.INDICATOR, indicator=indicator.name)
    words = (indicator.name.replace("_", " "), indicator.label, *indicator.synonyms)
    phrases = [(word, own) for word in words]
    for value in indicator.allowed_values or ():
        sense = Sense(SenseKind.INDICATOR_VALUE, indicator=indicator.name, value=value)
        for word in (value, *indicator.value_synonyms.get(value, ())):
            phrases.append((word, sense))
    if indicator.dimension:
        for key in indicator.dimension.allowed_values:
            sense = Sense(SenseKind.INDICATOR_KEY, indicator=indicator.name, value=key)
            for word in (key, key.replace("_", " "), *indicator.dimension.synonyms.get(key, ())):
                phrases.append((word, sense))
    return phrases
