"""The readings a clarification offers, as ``Choice``s forced on the ambiguous span.

Each choice is re-read with the whole request (``understand`` with the choice forced), so an
option is a complete audience — the other conditions, windows and counts included — never a
label pasted into the request text. Options come from the catalog: the senses that tied, an
indicator's bands or keys, the behaviours and dates a vague word could mean.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.language import Pack, Role, fold
from assistant.offline.ages import age_indicator
from assistant.offline.draft import Ambiguity, Choice
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.numbers import Quantity
from assistant.offline.times import TimeSpec
from audience.rules import Op, TimeUnit, Window, WindowKind
from schema_catalog import Catalog, ColumnType, IndicatorType, TableKind

MAX_OPTIONS = 5
THRESHOLDS = {"value": 1000, "spend": 500, "count": 3}
"""Round thresholds offered when a word asks for one ('big spenders'); the count of each
option is shown, so the user picks knowing the size."""


def _last(amount: int, unit: TimeUnit) -> TimeSpec:
    return TimeSpec(window=Window(type=WindowKind.LAST, amount=amount, unit=unit))


def _label(sense: Sense, catalog: Catalog) -> str:
    if sense.indicator:
        indicator = catalog.indicator(sense.indicator)
        return f"{indicator.label}: {sense.value}" if sense.value else indicator.label
    column = (sense.column or "").replace("_", " ")
    table = (sense.table or "").replace("_", " ")
    if sense.kind is SenseKind.EVENT_VALUE:
        return f"{table}, {column}: {sense.value}"
    if sense.kind in {SenseKind.EVENT, SenseKind.MEASURE}:
        return table
    return f"{column}: {sense.value}" if sense.value else column


def _from_senses(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    return [Choice(_label(s, context.catalog), s) for s in ambiguity.senses]


def _indicator_values(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    sense = ambiguity.senses[0]
    indicator = context.catalog.indicator(sense.indicator or "")
    values = indicator.allowed_values or ()
    if ambiguity.reason == "key" and indicator.dimension:
        values = indicator.dimension.allowed_values
    return [
        Choice(f"{indicator.label}: {value.replace('_', ' ')}", sense, values=(value,))
        for value in values
    ]


def _thresholds(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    choices = []
    for sense in ambiguity.senses:
        if sense.indicator:
            indicator = context.catalog.indicator(sense.indicator)
            amount = (
                THRESHOLDS["value"] if money_words(indicator.description, context.pack) else None
            )
            if amount is not None:
                quantity = Quantity(Op.GT, amount)
                choices.append(Choice(f"{indicator.label} over {amount}", sense, quantity=quantity))
    return choices + _spend_choices(context) + _frequency_choices(context)


def money_words(text: str, pack: Pack) -> bool:
    """Whether ``text`` (an indicator's description) names a currency of the language."""
    words = set(fold(text).replace(".", " ").split())
    return bool(words & pack.table(Role.CURRENCY).words())


def money_tables(catalog: Catalog) -> list[tuple[str, str]]:
    """(event table, its first decimal measure) for each event table that has money."""
    found = []
    for table in catalog.event_tables:
        decimals = [m for m in table.measures if table.column(m).type is ColumnType.DECIMAL]
        if decimals:
            found.append((table.name, decimals[0]))
    return found


def _spend_choices(context: ChoiceContext) -> list[Choice]:
    year = _last(12, TimeUnit.MONTH)
    amount = THRESHOLDS["spend"]
    return [
        Choice(
            f"{table.replace('_', ' ')}: {measure} over {amount} in the last 12 months",
            Sense(SenseKind.MEASURE, table=table, column=measure),
            time=year,
            quantity=Quantity(Op.GT, amount, "currency"),
        )
        for table, measure in money_tables(context.catalog)
    ]


def _frequency_choices(context: ChoiceContext) -> list[Choice]:
    """At least 3 events in the last 12 months, purchases (tables with money) first."""
    count = THRESHOLDS["count"]
    money = {table for table, _ in money_tables(context.catalog)}
    tables = sorted(context.catalog.event_tables, key=lambda t: t.name not in money)
    return [
        Choice(
            f"{table.name.replace('_', ' ')}: at least {count} in the last 12 months",
            Sense(SenseKind.EVENT, table=table.name),
            time=_last(12, TimeUnit.MONTH),
            quantity=Quantity(Op.GTE, count, "times"),
        )
        for table in tables
    ][:2]


def _related_indicators(word: str, context: ChoiceContext, kind: IndicatorType) -> list[Sense]:
    """Indicators of ``kind`` that one of the catalog's phrases with ``word`` in it names — the
    word as said, or as the language's glossary gives it in the catalog's words."""
    said = tuple(context.pack.tokens(word))
    glossed = context.pack.glossary.match(said, 0) if said else None
    stems = {fold(word)[:5], *(part[:5] for part in (glossed[1] if glossed else ()))}
    found: list[Sense] = []
    for phrase, senses in context.lexicon.entries.entries.items():
        if not any(part.startswith(stem) for part in phrase for stem in stems):
            continue
        for sense in senses:
            indicator = sense.indicator
            if sense.kind is SenseKind.INDICATOR and indicator and sense not in found:
                found += [sense] if context.catalog.indicator(indicator).type is kind else []
    return found


def _activity(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    indicators = _related_indicators(ambiguity.phrase, context, IndicatorType.BOOLEAN)
    choices = [Choice(_label(s, context.catalog), s) for s in indicators]
    window = _last(3, TimeUnit.MONTH)
    choices += [
        Choice(
            f"{table.name.replace('_', ' ')} in the last 3 months",
            Sense(SenseKind.EVENT, table=table.name),
            time=window,
        )
        for table in context.catalog.event_tables
    ]
    return choices


def _recency(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    window = context.pack.recency_window
    spec = _last(window.amount, window.unit)
    span = f"in the last {window.amount} {window.unit.value}s"
    choices = [
        Choice(
            f"{column.name.replace('_', ' ')} {span}",
            Sense(SenseKind.COLUMN, table=table.name, column=column.name),
            time=spec,
        )
        for table in context.catalog.tables
        if table.kind is not TableKind.EVENT
        for column in table.columns
        if column.type in {ColumnType.DATE, ColumnType.TIMESTAMP} and not column.pii
    ][:2]
    choices += [
        Choice(
            f"{table.name.replace('_', ' ')} {span}",
            Sense(SenseKind.EVENT, table=table.name),
            time=spec,
        )
        for table in context.catalog.event_tables
    ]
    return choices


def _value(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    indicators = [s for s in ambiguity.senses if s.indicator]
    numbers = [
        Sense(SenseKind.INDICATOR, indicator=i.name)
        for i in context.catalog.indicators
        if i.type is IndicatorType.NUMBER
        and i.dimension is None
        and money_words(i.description, context.pack)
    ]
    return _thresholds(
        Ambiguity(ambiguity.phrase, tuple(dict.fromkeys([*indicators, *numbers]))), context
    )


def _frequency(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    return _frequency_choices(context) + _spend_choices(context)


def _loyalty(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    stem = fold(ambiguity.phrase)[:5]
    choices = []
    for table in context.catalog.tables:
        if table.kind is TableKind.EVENT:
            continue
        for column in table.columns:
            said = fold(" ".join((column.name, *column.synonyms)))
            if column.allowed_values and stem in said:
                top = column.allowed_values[-1]
                sense = Sense(SenseKind.VALUE, table=table.name, column=column.name, value=top)
                choices.append(Choice(_label(sense, context.catalog), sense, values=(top,)))
    return choices + _frequency_choices(context)


_AGE_RANGES: tuple[tuple[str, Quantity], ...] = (
    ("under 30", Quantity(Op.LT, 30)),
    ("30 to 50", Quantity(Op.BETWEEN, (30, 50))),
    ("over 60", Quantity(Op.GT, 60)),
)


def _age(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    found = age_indicator(context.catalog)
    ages = [found] if found is not None else []
    return [
        Choice(
            f"{indicator.label} {label}",
            Sense(SenseKind.INDICATOR, indicator=indicator.name),
            quantity=quantity,
        )
        for indicator in ages[:1]
        for label, quantity in _AGE_RANGES
    ]


class ChoiceContext:
    """What choice builders read: the catalog, its lexicon and the request's language."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon, pack: Pack) -> None:
        self.catalog = catalog
        self.lexicon = lexicon
        self.pack = pack


_BY_REASON: dict[str, Callable[[Ambiguity, ChoiceContext], list[Choice]]] = {
    "senses": _from_senses,
    "event": _from_senses,
    "dateless": _from_senses,
    "measure": _from_senses,
    "unpaid": _from_senses,
    "share": _from_senses,
    "value": _indicator_values,
    "key": _indicator_values,
    "threshold": _thresholds,
    "activity": _activity,
    "recency": _recency,
    "worth": _value,
    "frequency": _frequency,
    "loyalty": _loyalty,
    "age": _age,
}


def choices_for(ambiguity: Ambiguity, context: ChoiceContext) -> list[Choice]:
    """The readings to offer for ``ambiguity`` (may be empty: then the planner asks openly).

    A vague word the catalog also holds as a value ('active' of a membership status) is offered
    as that value first: the catalog's own meaning is never left out of the question.
    """
    builder = _BY_REASON.get(ambiguity.reason)
    built = builder(ambiguity, context) if builder else []
    if builder is _from_senses or builder is _indicator_values:
        return built
    own = [Choice(_label(s, context.catalog), s) for s in ambiguity.senses if s.kind in _VALUES]
    return own + [choice for choice in built if choice.sense not in ambiguity.senses]


_VALUES = frozenset({SenseKind.VALUE, SenseKind.EVENT_VALUE})
