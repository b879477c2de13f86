"""Clarifications with concrete options drawn from the catalog.

Each option's ``request`` is a phrase the offline parser understands, so picking it re-plans
deterministically.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.contract import Clarification, ClarificationOption
from assistant.offline.anchors import Ambiguity
from assistant.offline.lexicon import Sense, SenseKind
from schema_catalog import Catalog, ColumnType, IndicatorType, TableKind

MAX_OPTIONS = 5


def _replace(request: str, phrase: str, replacement: str) -> str:
    index = request.lower().find(phrase.lower())
    if index < 0:
        return f"{request} ({replacement})"
    return request[:index] + replacement + request[index + len(phrase) :]


def _sense_label(sense: Sense, catalog: Catalog) -> tuple[str, str]:
    """(button label, phrase to put in the request) for one reading."""
    if sense.indicator:
        indicator = catalog.indicator(sense.indicator)
        return indicator.label, indicator.label
    column = (sense.column or "").replace("_", " ")
    table = (sense.table or "").replace("_", " ")
    if sense.kind is SenseKind.EVENT_VALUE:
        return f"{table}: {sense.value}", f"{sense.value} {table}"
    return f"{column}: {sense.value}", f"{column} {sense.value}"


def _from_senses(ambiguity: Ambiguity, request: str, catalog: Catalog) -> Clarification:
    options = []
    for sense in ambiguity.senses:
        label, phrase = _sense_label(sense, catalog)
        option = ClarificationOption(
            label=label, request=_replace(request, ambiguity.phrase, phrase)
        )
        if option not in options:
            options.append(option)
    return Clarification(
        question=f"'{ambiguity.phrase}' can mean several things — which one?",
        term=ambiguity.phrase,
        options=tuple(options[:MAX_OPTIONS]),
    )


def _indicator_value(ambiguity: Ambiguity, request: str, catalog: Catalog) -> Clarification:
    indicator = catalog.indicator(ambiguity.senses[0].indicator or "")
    choices = indicator.allowed_values or ()
    if ambiguity.reason == "key" and indicator.dimension:
        choices = indicator.dimension.allowed_values
    options = tuple(
        ClarificationOption(
            label=f"{indicator.label}: {value}",
            request=_replace(
                request, ambiguity.phrase, f"{indicator.label} {value.replace('_', ' ')}"
            ),
        )
        for value in choices
    )
    return Clarification(
        question=f"Which {indicator.label.lower()} do you mean?",
        term=ambiguity.phrase,
        options=options[: MAX_OPTIONS + 1],
    )


def _threshold(ambiguity: Ambiguity, request: str, catalog: Catalog) -> Clarification:
    sense = ambiguity.senses[0]
    label = (
        catalog.indicator(sense.indicator).label
        if sense.indicator
        else ((sense.column or "").replace("_", " "))
    )
    options = [
        ClarificationOption(
            label=f"{label} over {n}",
            request=_replace(request, ambiguity.phrase, f"{label} over {n}"),
        )
        for n in (500, 1000, 2000)
    ]
    options += _spend_options(request, ambiguity.phrase, catalog)
    return Clarification(
        question=f"'{ambiguity.phrase}' needs a threshold — which one?",
        term=ambiguity.phrase,
        options=tuple(options[:MAX_OPTIONS]),
    )


def _spend_options(request: str, phrase: str, catalog: Catalog) -> list[ClarificationOption]:
    options = []
    for table in catalog.event_tables:
        name = table.name.replace("_", " ")
        if any(table.column(m).type is ColumnType.DECIMAL for m in table.measures):
            text = f"{name} with spend over 500 € in the last 12 months"
            options.append(ClarificationOption(label=text, request=_replace(request, phrase, text)))
            text = f"at least 3 {name} in the last 12 months"
            options.append(ClarificationOption(label=text, request=_replace(request, phrase, text)))
    return options


_BY_REASON: dict[str, Callable[[Ambiguity, str, Catalog], Clarification]] = {
    "senses": _from_senses,
    "event": _from_senses,
    "value": _indicator_value,
    "key": _indicator_value,
    "threshold": _threshold,
}


def clarify(ambiguity: Ambiguity, request: str, catalog: Catalog) -> Clarification:
    """The clarification for one ambiguity."""
    return _BY_REASON[ambiguity.reason](ambiguity, request, catalog)


def _activity_options(word: str, request: str, catalog: Catalog) -> list[ClarificationOption]:
    stem = word[:5]
    options = [
        ClarificationOption(label=i.label, request=_replace(request, word, i.label))
        for i in catalog.indicators
        if i.type is IndicatorType.BOOLEAN
        and any(stem in s.lower() for s in (i.label, *i.synonyms))
    ]
    for table in catalog.event_tables:
        text = f"{table.name.replace('_', ' ')} in the last 3 months"
        options.append(ClarificationOption(label=text, request=_replace(request, word, text)))
    return options


def _age_options(word: str, request: str, catalog: Catalog) -> list[ClarificationOption]:
    ages = [i for i in catalog.indicators if "age" in {s.lower() for s in (i.name, *i.synonyms)}]
    if not ages:
        return []
    return [
        ClarificationOption(label=text, request=_replace(request, word, text))
        for text in ("aged under 30", "aged 30 to 50", "aged over 60")
    ]


def _loyalty_options(word: str, request: str, catalog: Catalog) -> list[ClarificationOption]:
    profile = catalog.profile_table
    options = [
        ClarificationOption(
            label=f"{c.name.replace('_', ' ')}: {c.allowed_values[-1]}",
            request=_replace(request, word, c.allowed_values[-1]),
        )
        for c in profile.columns
        if c.allowed_values and word[:5] in " ".join((c.name, *c.synonyms)).lower()
    ]
    return options + _spend_options(request, word, catalog)


def _value_options(word: str, request: str, catalog: Catalog) -> list[ClarificationOption]:
    options = [
        ClarificationOption(
            label=f"{i.label} over 1000", request=_replace(request, word, f"{i.label} over 1000")
        )
        for i in catalog.indicators
        if i.type is IndicatorType.NUMBER
        and i.dimension is None
        and any("value" in s.lower() for s in (i.label, *i.synonyms))
    ]
    return options + _spend_options(request, word, catalog)


_VAGUE_OPTIONS: dict[str, Callable[[str, str, Catalog], list[ClarificationOption]]] = {
    "activity": _activity_options,
    "age": _age_options,
    "loyalty": _loyalty_options,
    "value": _value_options,
}


def clarify_vague(word: str, category: str, request: str, catalog: Catalog) -> Clarification:
    """'active', 'loyal', 'big spenders', 'young': ask which concrete reading."""
    options = _VAGUE_OPTIONS[category](word, request, catalog)
    return Clarification(
        question=f"'{word}' can mean several things — which one?",
        term=word,
        options=tuple(options[:MAX_OPTIONS]),
    )


def clarify_empty(request: str, catalog: Catalog) -> Clarification:
    """No constraint recognised: offer a few concrete starting points from the catalog."""
    options: list[ClarificationOption] = []
    for column in catalog.profile_table.columns:
        if column.allowed_values and len(options) < 2:
            text = f"{column.name.replace('_', ' ')} {column.allowed_values[-1]}"
            options.append(ClarificationOption(label=text, request=text))
    for table in catalog.tables:
        if table.kind is TableKind.EVENT and len(options) < 4:
            text = f"{table.name.replace('_', ' ')} in the last 3 months"
            options.append(ClarificationOption(label=text, request=text))
    booleans = [i for i in catalog.indicators if i.type is IndicatorType.BOOLEAN]
    options += [ClarificationOption(label=i.label, request=i.label) for i in booleans[:1]]
    return Clarification(
        question="Which customers should the audience select? Name a condition "
        "(a profile attribute, something they did, or an indicator).",
        term=None,
        options=tuple(options),
    )
