"""The working state of one reading: spans marked as used, and *anchors* — the future rules.

An anchor is a behaviour, a profile value, a column, an indicator or a channel, with what
attaches to it (dimension values, a time, a quantity, a negation...). The reading passes
(``anchors``, ``attach``, ``clauses``) fill a ``Draft``; ``build`` turns it into frozen rules.
This state lives only inside one call of ``understand``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.language import Pack, Role
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.spans import Span, SpanKind
from assistant.offline.times import TimeSpec


@dataclass
class Mention:
    """A span and whether a rule has consumed it."""

    span: Span
    used: bool = False

    @property
    def kind(self) -> SpanKind:
        return self.span.kind

    @property
    def clause(self) -> int:
        return self.span.clause

    @property
    def senses(self) -> tuple[Sense, ...]:
        return self.span.senses

    @property
    def words(self) -> tuple[str, ...]:
        return self.span.words

    @property
    def text(self) -> str:
        return self.span.text

    def has(self, role: Role) -> bool:
        return self.span.has(role)


@dataclass
class Anchor:
    """A future rule, with everything attached to it so far."""

    sense: Sense
    position: int
    clause: int
    mentions: list[Mention] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    """'bought shoes but not online': values the behaviour's events must not have."""
    time: TimeSpec | None = None
    quantity: Quantity | None = None
    measure: str | None = None
    """The measure a forced reading chose."""
    date_column: str | None = None
    """An event's own date column named in the request ('expiring'): the time dates it."""
    each_amount: tuple[str, Quantity] | None = None
    """'at least 2 orders above €90': (money measure, threshold) each counted event passes."""
    measures: set[str] | None = None
    """The measures the request's words can mean: each word narrows the set ('spent' names
    tickets and snacks, 'on snacks' only snacks)."""
    average: bool = False
    single: bool = False
    negate: bool = False
    never: bool = False
    """Negated with 'never': no earlier clause lends it a window."""
    forced: bool = False
    """A clarification option's reading: it takes no word that reads fine without it."""
    recency: bool = False
    lapse: TimeSpec | None = None
    """'bought before but not in the last year': did it, and not within this window."""
    lapse_any: bool = False
    """'… but nothing since': the lapse is of any such event, whatever the values named before."""
    comeback: TimeSpec | None = None
    """'came back in the last 2 weeks after a 3-month break': the break's length — none in it
    just before the window, at least one before it (see ``comeback``)."""
    strong: bool = False
    holding: bool = False
    """Implied by a value with no verb of its own ('Onda+ subscribers', 'clients avec
    Onda+'): what the people hold now, so a row still running when the request names no time
    nor state (``ahead.holding_state``)."""
    turning: int | None = None
    """'turning 30 in November' on a birth date open only to anniversaries: the age reached on
    the anniversary within the anchor's period (see ``turning``)."""
    default_time: TimeSpec | None = None
    """A forced reading's window, used when the request gives the anchor no time of its own."""
    notes: list[str] = field(default_factory=list)
    """Assumptions made while reading this anchor, shown to the user."""
    worded: set[str] = field(default_factory=set)
    """Filter columns set by another form of the event's own word ('se renouvelle' read as
    the status 'renouvelé'): a window wholly ahead overrules the settled state named so."""

    @property
    def kind(self) -> SenseKind:
        return self.sense.kind


@dataclass(frozen=True)
class Ambiguity:
    """A phrase the parser could read several ways; becomes a clarification.

    ``reason``: 'senses' (several catalog meanings), 'event' (a value of several behaviours),
    'value' / 'key' (an indicator without its band or key), 'threshold' (a number column or
    score without a number), 'share' (a percentage of an amount: the share indicators offered),
    'time' / 'ahead' (a window the column cannot take), 'dateless' (a period said of a profile
    value with no date, that dated events also record: ``dateless``), 'unmeasured' (a quality
    the catalog defines no measure for, asked openly), or a vague
    word's kind ('activity', 'recency', 'value', 'frequency', 'loyalty', 'age').
    """

    phrase: str
    senses: tuple[Sense, ...] = ()
    reason: str = "senses"
    index: int | None = None
    """The span the ambiguity is about, so a chosen reading can be forced there."""


@dataclass(frozen=True)
class Guess:
    """A reading taken on weak evidence (words of another clause, a position): stated."""

    index: int
    """The span read."""
    chosen: Sense
    rivals: tuple[Sense, ...]
    """Readings the sentence did not rule out by words of the span's own clause."""


@dataclass(frozen=True)
class Choice:
    """A reading forced on one span: a clarification option re-reads the request with it."""

    label: str
    sense: Sense
    values: tuple[str, ...] = ()
    time: TimeSpec | None = None
    quantity: Quantity | None = None
    filters: tuple[tuple[str, str], ...] = ()


def _anchored(sense: Sense) -> Sense:
    """The anchor a forced sense stands on: a dimension value on its event, an indicator's band
    or key on the indicator, a measure on its event."""
    if sense.kind in {SenseKind.EVENT_VALUE, SenseKind.MEASURE}:
        return Sense(SenseKind.EVENT, table=sense.table)
    if sense.kind in {SenseKind.INDICATOR_VALUE, SenseKind.INDICATOR_KEY}:
        return Sense(SenseKind.INDICATOR, indicator=sense.indicator)
    return sense


@dataclass
class Draft:
    """Anchors in order, ambiguities, the campaign channel and the size the request expects."""

    mentions: list[Mention]
    pack: Pack
    lexicon: Lexicon | None = None
    choices: dict[int, Choice] = field(default_factory=dict)
    """Readings forced on spans (by index), from a clarification option."""
    anchors: list[Anchor] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    channel: str | None = None
    channel_mentions: list[Mention] = field(default_factory=list)
    expected_size: int | None = None
    size_mentions: list[Mention] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    earlier_events: frozenset[str] = frozenset()
    """Events of the tree a follow-up edits: a word naming one of their values refines them."""
    earlier_targets: frozenset[str] = frozenset()
    earlier_values: frozenset[tuple[str, str]] = frozenset()
    """(field, value) pairs the tree a follow-up edits already requires: said again, they add
    nothing ('only the ones who have a pet' after 'bought pet food' is the pet at home)."""
    """Fields the tree a follow-up edits constrains ('table.column', filters included)."""

    def held_earlier(self, senses: list[Sense]) -> list[Sense]:
        """Of a word's readings on several fields, the one field the audience already
        constrains ('add Mons too' after 'at the Valenciennes station': the station, not the
        home city) — none when it holds none or several of them."""
        held = [
            sense
            for sense in senses
            if sense.target in self.earlier_targets and not self.restates(sense)
        ]
        targets = {sense.target for sense in held}
        alone = len(targets) == 1 and len({sense.target for sense in senses}) > 1
        return held if alone else []

    def restates(self, sense: Sense) -> bool:
        """Whether ``sense`` is a value the edited tree already requires on its field."""
        return (sense.target, str(sense.value)) in self.earlier_values

    def add(self, sense: Sense, index: int, mention: Mention | None = None) -> Anchor:
        """A new anchor at ``index`` (consuming ``mention`` when given), kept in order."""
        clause = mention.clause if mention else self.mentions[index].clause
        anchor = Anchor(sense=sense, position=index, clause=clause)
        if mention is not None:
            anchor.mentions.append(mention)
            mention.used = True
        self.anchors.append(anchor)
        self.anchors.sort(key=lambda a: a.position)
        return anchor

    def choose(self, index: int, choice: Choice) -> Anchor:
        """Anchor the forced reading ``choice`` on the span at ``index``."""
        sense = _anchored(choice.sense)
        anchor = self.add(sense, index, self.mentions[index])
        anchor.forced = True
        if choice.sense.kind is SenseKind.MEASURE:
            anchor.measure = choice.sense.column
            anchor.measures = None
        values = list(choice.values)
        if not values and choice.sense.value and choice.sense.kind is not SenseKind.EVENT_VALUE:
            values = [choice.sense.value]
        if (
            choice.sense.kind is SenseKind.EVENT_VALUE
            and choice.sense.column
            and choice.sense.value
        ):
            anchor.filters.setdefault(choice.sense.column, []).append(choice.sense.value)
        anchor.values += [v for v in values if v not in anchor.values]
        anchor.default_time = choice.time
        anchor.quantity = anchor.quantity or choice.quantity
        for column, value in choice.filters:
            anchor.filters.setdefault(column, []).append(value)
        return anchor

    def narrow_measures(self, anchor: Anchor, columns: set[str]) -> None:
        """The words of ``anchor`` can only mean a measure in ``columns`` as well."""
        if not columns or anchor.measure is not None:
            return
        narrowed = columns if anchor.measures is None else anchor.measures & columns
        anchor.measures = narrowed or columns

    def terms(self) -> list[tuple[int, Mention]]:
        """The catalog terms of the request, each with its position."""
        return [(i, m) for i, m in enumerate(self.mentions) if m.kind is SpanKind.TERM]

    def attach(self, anchor: Anchor, mention: Mention) -> None:
        """``mention`` becomes part of ``anchor``'s rule."""
        mention.used = True
        if all(mention is not known for known in anchor.mentions):
            anchor.mentions.append(mention)
