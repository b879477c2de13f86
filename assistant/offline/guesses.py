"""Readings taken on weak evidence, stated to the user.

A term with several senses is read by the sentence (``sense_scores``): when only a default tells
the readings apart, the planner asks; when only weak evidence does — words of another clause, a
people noun beside a town — the reading is kept and recorded as a ``Guess``. Each guess whose
term still makes a rule becomes an assumption in the request's language, naming the reading
taken and the ones it was preferred to (pack message ``assume_event_choice``).
"""

from __future__ import annotations

from assistant.explain import language_of
from assistant.language import Pack
from assistant.offline.draft import Draft, Guess
from assistant.offline.lexicon import Sense, SenseKind
from audience.rules import column_label, event_label, indicator_label
from languages import Lang
from schema_catalog import Catalog

_EVENTS = frozenset({SenseKind.EVENT, SenseKind.MEASURE})


def guess_notes(draft: Draft, catalog: Catalog) -> list[str]:
    """One assumption per guess whose term a rule consumed, in the draft's language."""
    return [
        _note(draft, guess, catalog)
        for guess in draft.guesses
        if guess.rivals and draft.mentions[guess.index].used and not _asked(draft, guess)
    ]


def _asked(draft: Draft, guess: Guess) -> bool:
    """Whether the term became a question after all (a later pass found a tie)."""
    return any(ambiguity.index == guess.index for ambiguity in draft.ambiguities)


def _note(draft: Draft, guess: Guess, catalog: Catalog) -> str:
    pack: Pack = draft.pack
    lang = language_of(pack.code)
    others = dict.fromkeys(sense_label(sense, catalog, lang) for sense in guess.rivals)
    return pack.say(
        "assume_event_choice",
        phrase=draft.mentions[guess.index].text,
        chosen=sense_label(guess.chosen, catalog, lang),
        other=", ".join(others),
    )


def sense_label(sense: Sense, catalog: Catalog, lang: Lang) -> str:
    """How a reading of a term reads to a marketer: 'TV package 'sports'', 'Viewing sessions
    (genre 'sport')', an event's label, an indicator's label.

    >>> from schema_catalog import load_catalog
    >>> sense_label(Sense(SenseKind.VALUE, "customers", "city", "Paris"), load_catalog(), "en")
    "city 'Paris'"
    """
    if sense.indicator:
        label = indicator_label(catalog, sense.indicator, lang)
        return f"{label} '{sense.value}'" if sense.value else label
    table = sense.table or ""
    if sense.kind in _EVENTS or not sense.column:
        return event_label(catalog, table, lang)
    column = column_label(catalog, table, sense.column, lang)
    named = f"{column} '{sense.value}'" if sense.value else column
    if sense.kind is SenseKind.EVENT_VALUE:
        return f"{event_label(catalog, table, lang)} ({named})"
    return named
