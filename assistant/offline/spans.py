"""What the first pass reads a request into: *spans*.

A span is a run of words read as one thing: a catalog term (with its candidate senses), a time
expression, a quantity, an audience size, a negation, a connector, a vague word, a known word of
the language (function word, cue, edit or intent word, with its roles), or an unknown word. Every
span keeps the user's exact characters (``text``), so the coverage map quotes the request.
Clause numbers (a new clause after each connector) let later passes keep modifiers in their
clause. ``scanner`` reads a request into spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assistant.language import Role
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.times import TimeSpec


class SpanKind(StrEnum):
    TERM = "term"
    TIME = "time"
    QUANTITY = "quantity"
    SIZE = "size"
    NEGATION = "negation"
    CONNECTOR = "connector"
    VAGUE = "vague"
    AVERAGE = "average"
    WORD = "word"
    UNKNOWN = "unknown"


class Negation(StrEnum):
    NOT = "not"
    NEVER = "never"
    EXCLUDE = "exclude"


class Connector(StrEnum):
    AND = "and"
    OR = "or"
    EITHER = "either"
    BUT = "but"
    RELATIVE = "relative"
    SEPARATOR = "separator"


@dataclass(frozen=True)
class Span:
    """Words ``[start, end)`` of the request read as one thing."""

    kind: SpanKind
    start: int
    end: int
    words: tuple[str, ...]
    text: str = ""
    """The user's own characters for this span."""
    char_start: int = 0
    char_end: int = 0
    clause: int = 0
    senses: tuple[Sense, ...] = ()
    time: TimeSpec | None = None
    quantity: Quantity | None = None
    size: int | None = None
    negation: Negation | None = None
    connector: Connector | None = None
    vague: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_subject(self) -> bool:
        """A people noun ('customers'): no rule of its own."""
        return bool(self.senses) and all(s.kind is SenseKind.SUBJECT for s in self.senses)
