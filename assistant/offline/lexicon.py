"""The catalog's vocabulary: every name, synonym, value and value synonym, with its *senses*.

A phrase may have several senses (a city that is both a home city and a store city; 'spent' on
two tables): the collision is kept, and which sense a phrase takes in a request is decided later
from the whole sentence (``readings``). Catalogs may carry synonyms in several languages; a
one-word synonym that is a grammar word of the request's language ('or' in English, 'de' in
French) is not read as a catalog word unless written in capitals ('DE', 'IT'); the operators
'AND', 'OR', 'NOT' stay grammar even in capitals.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.language import Pack, PhraseTable, Role, all_packs, tokenize
from assistant.offline.bookings import recorded_twice
from assistant.offline.catalog_phrases import catalog_phrases, column_words, described_words
from assistant.offline.counted_values import Length, counted_values
from assistant.offline.phrasings import Phrasings, grammar_word
from assistant.offline.senses import (
    ANY_CHANNEL,
    DEPENDENT,
    EVERY_CHANNEL,
    Sense,
    SenseKind,
    Words,
    phrase_key,
)
from assistant.offline.wordforms import normalised_forms
from schema_catalog import Catalog, TableKind

__all__ = [
    "ANY_CHANNEL",
    "DEPENDENT",
    "EVERY_CHANNEL",
    "Lexicon",
    "Sense",
    "SenseKind",
    "build_lexicon",
    "grammar_word",
    "lexicon_for",
    "phrase_key",
]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Catalog phrases → senses (``entries``), built once per catalog."""

    entries: PhraseTable[tuple[Sense, ...]]
    wholes: Mapping[str, str] = field(default_factory=dict)
    """Event table → the event it itemises (a basket line → its basket): a word both name
    means the whole unless the sentence names something of the part."""
    consents: Mapping[str, str] = field(default_factory=dict)
    """Channel → its consent flag (``table.column``): 'opted in to SMS' is that flag."""
    column_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """``table.column`` → the words of its names (see ``catalog_phrases.column_words``)."""
    residences: frozenset[str] = frozenset()
    people: frozenset[Words] = frozenset()
    """The catalog's own names for its people ('subscribers', 'abonnés'), as phrase keys."""
    """Columns whose names or description say where people live ('City of residence')."""
    twice: Mapping[str, str] = field(default_factory=dict)
    """A bookings table's column → the past events' column recording the same choice
    (see ``bookings``)."""
    counted: Mapping[Length, tuple[Sense, ...]] = field(default_factory=dict)
    """A length of time → the values whose code says it ('24_months'; see ``counted_values``)."""
    profile: str = ""
    """The profile table: one row per person."""
    _forms: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict, repr=False
    )
    """Normalised forms already computed, by (word, language)."""

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word of every catalog phrase."""
        return self.entries.words()

    @functools.cached_property
    def long_words(self) -> tuple[str, ...]:
        return tuple(sorted(word for word in self.words if len(word) >= 4))

    def lookup(
        self,
        words: Sequence[str],
        start: int,
        pack: Pack,
        capitals: frozenset[int] = frozenset(),
        names: frozenset[int] = frozenset(),
    ) -> tuple[int, tuple[Sense, ...]]:
        """The longest catalog phrase at ``start``: (length, senses), or (0, ()). A grammar
        word is a catalog word only when written in capitals (not an operator: 'OR') or
        capitalised inside a sentence as a name ('the Plus plan'; never 'Or', which joins)."""
        phrasings = self._phrasings
        found = self.entries.match(words, start) or phrasings.loosely(words, start, pack)
        found = found or phrasings.agreeing(words, start, pack)
        said = phrasings.longest(words, start, pack)
        if said is not None and (found is None or said[0] > found[0]):
            found = said
        if found is None:
            return 0, ()
        length, senses = found
        word = words[start]
        shouted = start in capitals and not _operator(pack, word)
        named = start in names and not pack.is_word(Role.OR, word)
        grammar = length == 1 and grammar_word(pack, word) and not (shouted or named)
        if grammar and not self._modifies(words, start, senses):
            shorter = [s for s in senses if s.kind is SenseKind.SUBJECT]
            return (1, tuple(shorter)) if shorter else (0, ())
        if length == 1:
            senses = senses + self.people_of_value(word, senses, pack)
        return length, senses

    def people_of_value(
        self, word: str, senses: tuple[Sense, ...], pack: Pack
    ) -> tuple[Sense, ...]:
        """'drivers' is the catalog's word for fuel customers, and also the people of its 'drive'
        value (``morphology.agent_suffixes``): a people noun made from a value of another table
        keeps that meaning too, so the request asks which one instead of picking one."""
        tables = {s.table for s in senses}
        for suffix in pack.agent_suffixes:
            base = word[: -len(suffix)]
            if not word.endswith(suffix) or len(base) < 3:
                continue
            for stem in (base, base + "e"):
                found = self.entries.match((stem,), 0)
                values = [
                    s
                    for s in (found[1] if found else ())
                    if s.kind in {SenseKind.VALUE, SenseKind.EVENT_VALUE} and s.table not in tables
                ]
                if values:
                    return tuple(values)
        return ()

    def _modifies(self, words: Sequence[str], start: int, senses: tuple[Sense, ...]) -> bool:
        """A grammar word that names a column ('live') placed before a word of the same table
        ('live sport': the live flag of the viewing whose genre is sport) is that column; before
        anything else ('people who live in Lyon') it stays grammar. A value code that is a
        grammar word ('en' for English) never is: 'en prélèvement' is French grammar."""
        following = self.entries.match(words, start + 1)
        if following is None:
            return False
        tables = {s.table for s in senses if column_named(s) and s.table}
        return any(s.table in tables for s in following[1] if s.kind is not SenseKind.SUBJECT)

    def name_length(self, words: Sequence[str], start: int) -> int:
        """Words of a catalog value of several words at ``start`` ('Grand Est'), else 0: names
        of places and stores, whose words are no language's grammar."""
        found = self.entries.match(words, start)
        if found is None or found[0] < 2 or any(grammar_word(p, words[start]) for p in all_packs()):
            return 0  # 'par téléphone' opens with a grammar word: said in a language, not a name
        values = {SenseKind.VALUE, SenseKind.EVENT_VALUE}
        return found[0] if all(sense.kind in values for sense in found[1]) else 0

    @functools.cached_property
    def _phrasings(self) -> Phrasings:
        return Phrasings(self.entries)

    def normalise(self, word: str, pack: Pack) -> tuple[tuple[str, str], ...]:
        """The vocabulary forms of one request word, as (language form, catalog form) pairs.

        Catalog words and function words are kept. A word of the language pack keeps its own
        form for the grammar and takes the catalog's inflection for catalog look-ups
        ('subscribers' → 'subscriber'). Any other word has an ending removed ('purchased' →
        'purchase'), a negating prefix split ('inactive' → not active) or a typo corrected
        ('purchsed' → 'purchased').
        """
        key = (word, pack.code)
        if key not in self._forms:
            self._forms[key] = normalised_forms(self, word, pack)
        return self._forms[key]


def column_named(sense: Sense) -> bool:
    """The sense of a column's own name: a profile column, or an event's yes/no or date column
    (its value 'true' or the clause's time) — not a value the column holds."""
    own = sense.kind is SenseKind.EVENT_VALUE and sense.value in {None, "true"}
    return sense.kind is SenseKind.COLUMN or own


def _operator(pack: Pack, word: str) -> bool:
    """'AND', 'OR', 'NOT' in capitals are the operators people type, never codes: read as a
    value ('OR' is the French synonym of 'gold'), an injected 'OR' would widen the audience."""
    return any(pack.is_word(role, word) for role in (Role.AND, Role.OR, Role.NEGATION))


_CACHE_SIZE = 8
_LEXICONS: dict[str, Lexicon] = {}
"""Lexicons by catalog fingerprint: static data derived from a catalog, shared by every planner
instance (the UI and the CLI make a planner per request). Bounded: oldest dropped first."""
_BUILDING = threading.Lock()
"""One build at a time: a request arriving while the app's warm-up builds the lexicon waits for
it instead of building it a second time."""


def lexicon_for(catalog: Catalog) -> Lexicon:
    """The lexicon of ``catalog`` with every language pack's people nouns, built once."""
    key = catalog.fingerprint()
    with _BUILDING:
        if key not in _LEXICONS:
            while len(_LEXICONS) >= _CACHE_SIZE:
                del _LEXICONS[next(iter(_LEXICONS))]
            _LEXICONS[key] = build_lexicon(catalog, all_packs())
        return _LEXICONS[key]


def build_lexicon(catalog: Catalog, packs: Sequence[Pack] = ()) -> Lexicon:
    """Every phrase of ``catalog`` with its senses, plus the packs' generic people nouns."""
    collected: dict[Words, list[Sense]] = defaultdict(list)
    phrases = catalog_phrases(catalog)
    subject = Sense(SenseKind.SUBJECT, table=catalog.profile.table)
    phrases += [
        (" ".join(p), subject) for pack in packs for p in pack.table(Role.POPULATION).entries
    ]
    if catalog.channels:
        phrases += _all_channel_phrases(packs)
    phrases += _birthday_phrases(catalog, packs)
    phrases += _phoning_phrases(catalog, packs)
    for phrase, sense in phrases:
        for key in _keys(phrase, packs):
            if sense not in collected[key]:
                collected[key].append(sense)
    for key, sense in _label_modifiers(catalog):
        collected.setdefault(key, [sense])
    _people_values(collected, packs)
    entries = {key: tuple(senses) for key, senses in collected.items()}
    table = PhraseTable({**_singulars(entries, packs), **entries})
    consents = {str(channel.name): channel.consent for channel in catalog.channels}
    return Lexicon(
        table,
        wholes=_wholes(catalog),
        consents=consents,
        column_words=column_words(catalog),
        residences=_residences(catalog, packs),
        twice=recorded_twice(catalog),
        people=_people(catalog),
        counted=counted_values(catalog, packs),
        profile=catalog.profile.table,
    )


def _people_values(collected: dict[Words, list[Sense]], packs: Sequence[Pack]) -> None:
    """'consumers', 'particuliers': a people noun of a language in the plural of a catalog's
    profile value ('consumer') names those people — the value, not anyone."""
    for pack in packs:
        for key in pack.table(Role.POPULATION).entries:
            bases = [key[0][: -len(end)] for end in pack.suffixes if key[0].endswith(end)]
            values = [
                sense
                for base in bases
                if len(key) == 1 and len(base) >= 3
                for sense in collected.get((base,), ())
                if sense.kind is SenseKind.VALUE
            ]
            collected[key] += [sense for sense in values if sense not in collected[key]]


def _people(catalog: Catalog) -> frozenset[Words]:
    profile = catalog.profile
    names = {profile.label, profile.people(), *profile.labels.values()}
    names |= {profile.people(code) for code in profile.labels}
    return frozenset(key for key in map(phrase_key, names) if key)


def _residences(catalog: Catalog, packs: Sequence[Pack]) -> frozenset[str]:
    """Columns described with a word of any language's ``residence`` cue."""
    return frozenset(
        target
        for target, words in described_words(catalog).items()
        if any(pack.is_word(Role.RESIDENCE, word) for pack in packs for word in words)
    )


def _birthday_phrases(catalog: Catalog, packs: Sequence[Pack]) -> list[tuple[str, Sense]]:
    """The packs' birthday words, read as the dates the catalog opens to anniversary rules."""
    return [
        (" ".join(phrase), Sense(SenseKind.COLUMN, table=table.name, column=column.name))
        for table in catalog.tables
        for column in table.columns
        if column.anniversaries
        for pack in packs
        for phrase in pack.table(Role.BIRTHDAY).entries
    ]


def _phoning_phrases(catalog: Catalog, packs: Sequence[Pack]) -> list[tuple[str, Sense]]:
    """The packs' verbs of phoning ('called', 'appelé', 'angerufen'), read as each event value
    that is the phone ('phone', 'telephone': its own name, not a synonym — 'téléphone' is also a
    device a customer calls about): a care contact by phone. A catalog with no such value gives
    them no reading."""
    names = {tuple(w.lower() for w in p) for pack in packs for p in pack.table(Role.PHONE).entries}
    phones = [
        Sense(SenseKind.EVENT_VALUE, table=table.name, column=column, value=str(value))
        for table in catalog.tables
        if table.kind is TableKind.EVENT
        for column in table.dimensions
        for value in table.column(column).allowed_values or ()
        if tuple(w.lower() for w in phrase_key(str(value).replace("_", " "))) in names
    ]
    verbs = [" ".join(phrase) for pack in packs for phrase in pack.table(Role.PHONING).entries]
    return [(verb, sense) for sense in phones for verb in verbs]


def _label_modifiers(catalog: Catalog) -> list[tuple[Words, Sense]]:
    """'customer care' for the events labelled 'Customer-care contacts': a label of three words
    or more without its last word (its head noun) still names the table — when no catalog
    phrase says those words already ('contact with customer care') and the words left do not
    end on grammar ('visites du' of 'visites du site' is no name)."""
    found = []
    for table in catalog.tables:
        if table.kind is not TableKind.EVENT:
            continue
        for label in (table.label, *table.labels.values()):
            modifier = phrase_key(label or "")[:-1]
            if len(modifier) >= 2 and not any(grammar_word(p, modifier[-1]) for p in all_packs()):
                found.append((modifier, Sense(SenseKind.EVENT, table=table.name)))
    return found


def _all_channel_phrases(packs: Sequence[Pack]) -> list[tuple[str, Sense]]:
    """The packs' 'any channel' / 'all channels' phrases, read as the catalog's channels."""
    marked = ((Role.ANY_CHANNEL, ANY_CHANNEL), (Role.EVERY_CHANNEL, EVERY_CHANNEL))
    return [
        (" ".join(phrase), Sense(SenseKind.CHANNEL, channel=marker))
        for pack in packs
        for role, marker in marked
        for phrase in pack.table(role).entries
    ]


def _wholes(catalog: Catalog) -> dict[str, str]:
    """Event tables that carry another event's key as a column: the lines of that event."""
    events = [table for table in catalog.tables if table.kind is TableKind.EVENT]
    keys = {table.key: table.name for table in events if table.key != catalog.profile.key}
    return {
        part.name: keys[column.name]
        for part in events
        for column in part.columns
        if column.name in keys and keys[column.name] != part.name
    }


def _singulars(
    entries: dict[Words, tuple[Sense, ...]], packs: Sequence[Pack]
) -> dict[Words, tuple[Sense, ...]]:
    """A phrase of several words said with its last word in the singular ('a fuel purchase' for
    the label 'Fuel purchases'), when that singular is itself a catalog word."""
    words = {word for key in entries for word in key}
    endings = {suffix for pack in packs for suffix in pack.suffixes if len(suffix) <= 2}
    found: dict[Words, tuple[Sense, ...]] = {}
    for key, senses in entries.items():
        last = key[-1]
        for ending in endings:
            base = last[: -len(ending)]
            if len(key) > 1 and last.endswith(ending) and len(base) >= 3 and base in words:
                found.setdefault((*key[:-1], base), senses)
    return found


def _keys(phrase: str, packs: Sequence[Pack]) -> set[Words]:
    """The phrase as written, as each language's compounds join it ('opt-in' → optin), and
    with its modifiers bare where the language inflects them ('fehlgeschlagene Zahlung' →
    fehlgeschlagen Zahlung, which every inflection of the adjective normalises to)."""
    key = phrase_key(phrase)
    keys = {key} if key else set()
    for pack in packs:
        joined = tuple(t.text for t in tokenize(" ".join(key), pack.morphology))
        if joined and not set(joined) & {"'"}:
            keys.add(joined)
            if _noun_phrase(phrase):
                keys.add(_bare_modifiers(joined, pack.adjective_endings))
    return keys


def _noun_phrase(phrase: str) -> bool:
    """Small words before a capitalised noun, as German writes an adjective and its noun
    ('fehlgeschlagene Zahlung'); not a name ('Onda+ Premium') nor a word alone."""
    words = phrase.split()
    return len(words) > 1 and words[-1][:1].isupper() and all(w[:1].islower() for w in words[:-1])


def _bare_modifiers(key: Words, endings: Sequence[str]) -> Words:
    """``key`` with the inflection ending of each word before its last one removed."""
    bare = [_without_ending(word, endings) for word in key[:-1]]
    return (*bare, *key[-1:])


def _without_ending(word: str, endings: Sequence[str]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
