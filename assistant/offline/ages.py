"""A bare comparison of a person ('women under 40', 'Kunden über 60') reads as their age: the
catalog's number indicator named by one of the languages' age words."""

from __future__ import annotations

from assistant.language import Pack, Role, all_packs, fold
from assistant.offline.draft import Anchor, Draft
from assistant.offline.lexicon import Sense, SenseKind
from schema_catalog import Catalog, Indicator, IndicatorType

MAX_AGE = 120
MIN_AGE = 12
"""Below this, a bare number with nothing to count is not read as an age ('at least 3')."""


def age_indicator(catalog: Catalog) -> Indicator | None:
    """The catalog's number indicator named by an age word of any language (a catalog names its
    age in its own language: 'age', 'âge', 'Alter')."""
    names = {" ".join(key) for pack in all_packs() for key in pack.table(Role.AGE_WORDS).entries}
    for indicator in catalog.indicators:
        said = {fold(word) for word in (indicator.name, indicator.label, *indicator.synonyms)}
        if indicator.type is IndicatorType.NUMBER and said & names:
            return indicator
    return None


def age_anchor(
    draft: Draft, index: int, catalog: Catalog, pack: Pack, least: int = 1
) -> Anchor | None:
    """'women under 40', 'men 50+': a bare comparison of a person reads as their age — the
    catalog number named by one of the language's age words."""
    quantity = draft.mentions[index].span.quantity
    if quantity is None or quantity.unit is not None or quantity.op is None:
        return None
    values = quantity.value if isinstance(quantity.value, tuple) else (quantity.value,)
    if not all(isinstance(v, int) and least <= v <= MAX_AGE for v in values):
        return None
    indicator = age_indicator(catalog)
    if indicator is None:
        return None
    return draft.add(Sense(SenseKind.INDICATOR, indicator=indicator.name), index)
