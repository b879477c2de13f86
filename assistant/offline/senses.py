"""What a catalog phrase can mean: its *senses* (a column's value, an event, a measure...).

A phrase may have several senses (a city that is both a home city and a store city; 'spent' on
two tables); which one a request means is decided later, from the whole sentence (``anchors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assistant.language import raw_tokens


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


Words = tuple[str, ...]


def phrase_key(text: str) -> Words:
    """The token tuple of a catalog phrase ('In-Store' → ('in', 'store')).

    >>> phrase_key("Ready-to-wear")
    ('ready', 'to', 'wear')
    """
    return tuple(
        part
        for token in raw_tokens(text)
        if token.text != "-"
        for part in token.text.replace("'", " ").split()
    )


ANY_CHANNEL = "*any"
"""The channel of 'on any channel': every channel the catalog declares, any of them."""
EVERY_CHANNEL = "*every"
"""The channel of 'on all channels': every channel the catalog declares, each of them."""
