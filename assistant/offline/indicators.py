"""Indicator rules: a boolean status, a band ('high churn risk'), a score ('appetite for bags').

A band named only by 'likely' / 'strong' takes the band the language calls strong; a 0-to-1 score
named without a number takes a stated default (an assumption the user sees); a number indicator
without a threshold, or a keyed indicator without its key, is an ambiguity — never a guess.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.language import Pack, Role, fold
from assistant.offline.draft import Ambiguity, Anchor
from assistant.offline.lexicon import phrase_key
from assistant.offline.nodes import BuildContext, Built, phrase_of, scaled_value, values_op
from audience.rules import IndicatorRule, Op, indicator_label
from schema_catalog import Indicator, IndicatorType, Scale

DEFAULT_SCORE = 0.5
STRONG_SCORE = 0.7


def build_indicator(anchor: Anchor, context: BuildContext) -> Built:
    indicator = context.catalog.indicator(anchor.sense.indicator or "")
    keys = [
        v for v in anchor.values if indicator.dimension and v in indicator.dimension.allowed_values
    ]
    if indicator.dimension and not keys and indicator.name in context.keys:
        keys = [context.keys[indicator.name]]
    if indicator.dimension and len(keys) != 1:
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="key")
    key = keys[0] if keys else None
    return _INDICATOR_BUILDERS[indicator.type](anchor, indicator, key, context)


def _boolean_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    return IndicatorRule(
        indicator=indicator.name, key=key, op=Op.EQ, value=True, negate=anchor.negate
    )


def _category_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    values = [v for v in anchor.values if v in (indicator.allowed_values or ())]
    values = values or _implied_values(anchor, indicator, context.pack)
    if not values:
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="value")
    op, value = values_op(values, False)
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=value, negate=anchor.negate
    )


def _implied_values(anchor: Anchor, indicator: Indicator, pack: Pack) -> list[str]:
    """'at risk of churn' contains the value synonym 'at risk' → high; 'likely to churn' names
    the likelihood itself → the band the language calls strong ('high')."""
    words = [w for m in anchor.mentions for w in m.words]
    said = " " + " ".join(words) + " "
    named = [
        value
        for value in indicator.allowed_values or ()
        for synonym in indicator.value_synonyms.get(value, ())
        if len(phrase_key(synonym)) > 1 and f" {' '.join(phrase_key(synonym))} " in said
    ][:1]
    likely = any(pack.has(Role.LIKELY, words, i) for i in range(len(words)))
    if named or not (likely or anchor.strong):
        return named
    strong = pack.table(Role.STRONG).words()
    return [
        value
        for value in indicator.allowed_values or ()
        if {fold(value), *(fold(s) for s in indicator.value_synonyms.get(value, ()))} & strong
    ][:1]


def _number_indicator(
    anchor: Anchor, indicator: Indicator, key: str | None, context: BuildContext
) -> Built:
    if anchor.quantity is not None:
        label = indicator_label(context.catalog, indicator.name, context.pack.code)
        op, number = scaled_value(anchor, indicator.scale, label, context)
    elif indicator.scale is Scale.FRACTION:
        op, number = Op.GTE, STRONG_SCORE if anchor.strong else DEFAULT_SCORE
        context.assumptions.append(
            context.pack.say(
                "assume_score",
                phrase=phrase_of(anchor),
                label=indicator.label.lower(),
                value=number,
            )
        )
    else:
        return Ambiguity(phrase_of(anchor), (anchor.sense,), reason="threshold")
    return IndicatorRule(
        indicator=indicator.name, key=key, op=op, value=number, negate=anchor.negate
    )


_INDICATOR_BUILDERS: dict[
    IndicatorType, Callable[[Anchor, Indicator, str | None, BuildContext], Built]
] = {
    IndicatorType.BOOLEAN: _boolean_indicator,
    IndicatorType.CATEGORY: _category_indicator,
    IndicatorType.NUMBER: _number_indicator,
}
