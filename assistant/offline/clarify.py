"""Clarifications whose options are complete audiences.

For an ambiguity, each reading the catalog offers (``choices``) is forced on the ambiguous span
and the whole request is read again: an option is the tree that reading yields — with every other
condition of the request — and is kept only when that tree is complete (no ambiguity left). The
planning pipeline then validates and counts each option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import replace

from assistant.contract import Clarification, ClarificationOption
from assistant.explain import language_of
from assistant.language import Pack, Role, fold
from assistant.offline.choices import MAX_OPTIONS, ChoiceContext, choices_for, money_words
from assistant.offline.draft import Ambiguity, Choice
from assistant.offline.events import money_measures
from assistant.offline.lexicon import Lexicon, SenseKind
from assistant.offline.understand import Understanding, understand
from audience.rules import Behavior, Group, IndicatorRule, RuleTree, describe_rules
from schema_catalog import Catalog, IndicatorType, TableKind

Reader = Callable[[dict[int, Choice]], Understanding]


def tree_of(understood: Understanding) -> RuleTree | None:
    """The complete tree of a reading, or None when it still has an ambiguity or no rule."""
    parse = understood.parse
    if parse.ambiguities or not (parse.rules or parse.channel):
        return None
    channel = parse.channel or None
    return RuleTree(
        root=Group(op="and", rules=[rule.node for rule in parse.rules]), channel=channel
    )


def _question(ambiguity: Ambiguity, understood: Understanding, catalog: Catalog) -> str:
    pack = understood.pack
    if ambiguity.reason in {"value", "key"} and ambiguity.senses:
        label = catalog.indicator(ambiguity.senses[0].indicator or "").label.lower()
        return pack.say("ask_value", label=label)
    asks = {
        "threshold": "ask_threshold",
        "time": "ask_time",
        "ahead": "ask_time",
        "dateless": "ask_dateless",
        "unmeasured": "ask_unmeasured",
    }
    key = {**asks, "comeback": "ask_break"}.get(
        ambiguity.reason, "ask_senses" if ambiguity.reason in {"senses", "event"} else "ask_vague"
    )
    return pack.say(key, phrase=ambiguity.phrase)


def clarify(
    ambiguity: Ambiguity,
    understood: Understanding,
    catalog: Catalog,
    lexicon: Lexicon,
    read: Reader,
) -> Clarification:
    """The clarification for ``ambiguity``, each option a complete re-reading of the request."""
    context = ChoiceContext(catalog, lexicon, understood.pack)
    options: list[ClarificationOption] = []
    seen: set[str] = set()
    for choice in choices_for(ambiguity, context):
        if ambiguity.index is None or len(options) >= MAX_OPTIONS:
            break
        reading = read({ambiguity.index: choice})
        tree = tree_of(reading)
        if tree is not None and money_on_a_score(tree, reading, catalog):
            continue
        if tree is not None and tree.fingerprint() not in seen:
            seen.add(tree.fingerprint())
            label = option_label(reading, tree, ambiguity.index, catalog) or choice.label
            options.append(ClarificationOption(label=label, rules=tree))
    return Clarification(
        question=_question(ambiguity, understood, catalog),
        term=ambiguity.phrase,
        options=tuple(options),
        language=understood.pack.code,
    )


_MISFIT = frozenset({"time", "ahead", "unpaid"})
"""Ambiguities that say a reading cannot take the request's time, or its amount of money (an
event that records none): that reading is ruled out."""


def settled(
    ambiguity: Ambiguity,
    understood: Understanding,
    catalog: Catalog,
    lexicon: Lexicon,
    read: Reader,
) -> Understanding | None:
    """The one reading the rest of the sentence leaves, when every other reading of an ambiguous
    word cannot take the request's time ('a delivery booked for next week': only the orders,
    which are dated ahead, can be next week) — None when two readings stand or any is unclear."""
    if ambiguity.index is None or ambiguity.reason not in {"senses", "event", "share"}:
        return None
    context = ChoiceContext(catalog, lexicon, understood.pack)
    fits: dict[str, Understanding] = {}
    for choice in choices_for(ambiguity, context):
        reading = read({ambiguity.index: choice})
        tree = tree_of(reading)
        if tree is not None and money_on_a_score(tree, reading, catalog):
            continue  # a score is not euros: this reading is ruled out
        if tree is not None:
            fits.setdefault(tree.fingerprint(), reading)
        elif not reading.parse.ambiguities or reading.parse.ambiguities[0].reason not in _MISFIT:
            return None
    if len(fits) != 1:
        return None
    only = next(iter(fits.values()))
    return _share_said(ambiguity, only, catalog) if ambiguity.reason == "share" else only


def _share_said(ambiguity: Ambiguity, understood: Understanding, catalog: Catalog) -> Understanding:
    """'40 % of their spend on organic' with one indicator holding that share: read as the
    indicator, and said so."""
    sense = ambiguity.senses[0] if len(ambiguity.senses) == 1 else None
    if sense is None or sense.indicator is None:
        return understood
    indicator = catalog.indicator(sense.indicator)
    label = indicator.labels.get(understood.pack.code) or indicator.label
    note = understood.pack.say("assume_share", phrase=ambiguity.phrase, label=label)
    parse = replace(understood.parse, assumptions=(*understood.parse.assumptions, note))
    return replace(understood, parse=parse)


def money_on_a_score(tree: RuleTree, understood: Understanding, catalog: Catalog) -> bool:
    """Whether a reading compares an amount said in a currency ('more than €1,500 on
    handbags') with a number that counts no money — an indicator scored from 0 to 1 (the
    appetite for bags), a count or a sum of events with no money measure (page views): a score
    is not euros, so that reading is not one the sentence can mean."""
    amounts = {
        span.quantity.value
        for span in understood.spans
        if span.quantity is not None and span.quantity.unit == "currency"
    }
    return bool(amounts) and any(
        _compares_amount(node, amounts) and not _counts_money(node, catalog, understood.pack)
        for _, node in tree.walk()
    )


def _compares_amount(node: object, amounts: Set[object]) -> bool:
    if isinstance(node, IndicatorRule):
        return node.value in amounts
    return isinstance(node, Behavior) and node.aggregate.value in amounts


def _counts_money(node: object, catalog: Catalog, pack: Pack) -> bool:
    """An indicator with a currency as its unit or in its description ('Predicted spend … in
    euros'); a behaviour's measure the catalog counts in money."""
    if isinstance(node, IndicatorRule):
        indicator = catalog.indicator(node.indicator)
        currency = pack.table(Role.CURRENCY).words()
        unit = fold(indicator.unit or "") in currency
        return unit or money_words(indicator.description, pack)
    assert isinstance(node, Behavior)
    measure = node.aggregate.measure
    return measure is not None and measure in money_measures(catalog.table(node.event), pack)


def option_label(
    reading: Understanding, tree: RuleTree, index: int, catalog: Catalog
) -> str | None:
    """The option's own condition, as the approval screen words it ('at least 1 orders in the
    last 30 days'), so the label says what the reading does with the rest of the request."""
    span = reading.spans[index]
    lines = describe_rules(tree, catalog, lang=language_of(reading.pack.code)).lines
    for position, rule in enumerate(reading.parse.rules):
        if span in rule.spans and position < len(lines):
            return lines[position].text
    return None


def reader(request: str, catalog: Catalog, lexicon: Lexicon, understood: Understanding) -> Reader:
    """Re-reads ``request`` with forced choices, in the language already detected."""

    def read(choices: dict[int, Choice]) -> Understanding:
        return understand(request, catalog, lexicon, choices=choices, pack=understood.pack)

    return read


def clarify_empty(understood: Understanding, catalog: Catalog) -> Clarification:
    """No condition recognised: offer a few starting points from the catalog, as trees, each
    labelled as the approval screen words it in the request's language ('Stadt ist München',
    'au moins 1 commandes sur une période de 3 mois')."""
    options: list[ClarificationOption] = []
    for column in catalog.profile_table.columns:
        if column.allowed_values and len(options) < 2:
            value = column.allowed_values[-1]
            rule: dict[str, object] = {
                "kind": "attribute",
                "field": f"{catalog.profile.table}.{column.name}",
                "op": "eq",
                "value": value,
            }
            options.append(_option(f"{column.name.replace('_', ' ')}: {value}", rule))
    for table in catalog.tables:
        if table.kind is TableKind.EVENT and len(options) < 4:
            window: dict[str, object] = {"type": "last", "amount": 3, "unit": "month"}
            event: dict[str, object] = {"kind": "behavior", "event": table.name, "window": window}
            options.append(_option(f"{table.name.replace('_', ' ')} in the last 3 months", event))
    booleans = [i for i in catalog.indicators if i.type is IndicatorType.BOOLEAN]
    options += [_option(i.label, {"kind": "indicator", "indicator": i.name}) for i in booleans[:1]]
    language = language_of(understood.pack.code)
    return Clarification(
        question=understood.pack.say("ask_empty"),
        term=None,
        options=tuple(_worded(option, catalog, language) for option in options),
        language=understood.pack.code,
    )


def _worded(option: ClarificationOption, catalog: Catalog, language: str) -> ClarificationOption:
    """``option`` labelled with its one rule as ``describe_rules`` words it in ``language``."""
    if option.rules is None:
        return option
    lines = describe_rules(option.rules, catalog, lang=language).lines
    return option.model_copy(update={"label": lines[0].text}) if lines else option


def _option(label: str, rule: Mapping[str, object]) -> ClarificationOption:
    tree = RuleTree.model_validate({"root": {"kind": "group", "op": "and", "rules": [rule]}})
    return ClarificationOption(label=label, rules=tree)


__all__ = ["SenseKind", "clarify", "clarify_empty", "reader", "settled", "tree_of"]
