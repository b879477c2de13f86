"""The catalog's vocabulary: every name, synonym, value and value synonym, with its *senses*.

A phrase may have several senses (a city that is both a home city and a store city; 'spent' on
two tables): the collision is kept, and which sense a phrase takes in a request is decided later
from the whole sentence (``readings``). Catalogs may carry synonyms in several languages; a
one-word synonym that is a grammar word of the request's language ('or' in English, 'de' in
French) is not read as a catalog word unless written in capitals ('DE', 'IT'); the operators
'AND', 'OR', 'NOT' stay grammar even in capitals.
"""

from __future__ import annotations

import difflib
import functools
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.language import Pack, PhraseTable, Role, all_packs, raw_tokens, tokenize
from schema_catalog import Catalog, Column, ColumnType, Indicator, Table, TableKind


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


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Catalog phrases → senses (``entries``), built once per catalog."""

    entries: PhraseTable[tuple[Sense, ...]]
    wholes: Mapping[str, str] = field(default_factory=dict)
    """Event table → the event it itemises (a basket line → its basket): a word both name
    means the whole unless the sentence names something of the part."""
    consents: Mapping[str, str] = field(default_factory=dict)
    """Channel → its consent flag (``table.column``): 'opted in to SMS' is that flag."""
    _forms: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict, repr=False
    )
    """Normalised forms already computed, by (word, language)."""

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word of every catalog phrase."""
        return self.entries.words()

    @functools.cached_property
    def _long_words(self) -> tuple[str, ...]:
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
        found = self.entries.match(words, start) or self._loosely(words, start, pack)
        if found is None:
            return 0, ()
        length, senses = found
        word = words[start]
        shouted = start in capitals and not _operator(pack, word)
        named = start in names and not pack.is_word(Role.OR, word)
        if length == 1 and _grammar(pack, word) and not (shouted or named):
            shorter = [s for s in senses if s.kind is SenseKind.SUBJECT]
            return (1, tuple(shorter)) if shorter else (0, ())
        return length, senses

    def name_length(self, words: Sequence[str], start: int) -> int:
        """Words of a catalog value of several words at ``start`` ('Grand Est'), else 0: names
        of places and stores, whose words are no language's grammar."""
        found = self.entries.match(words, start)
        if found is None or found[0] < 2 or any(_grammar(p, words[start]) for p in all_packs()):
            return 0  # 'par téléphone' opens with a grammar word: said in a language, not a name
        values = {SenseKind.VALUE, SenseKind.EVENT_VALUE}
        return found[0] if all(sense.kind in values for sense in found[1]) else 0

    @functools.cached_property
    def _long_phrases(self) -> dict[str, tuple[Words, ...]]:
        """First word → catalog phrases of three words or more starting with it."""
        found: dict[str, list[Words]] = {}
        for key in self.entries.entries:
            if len(key) >= 3:
                found.setdefault(key[0], []).append(key)
        return {word: tuple(sorted(keys, key=len, reverse=True)) for word, keys in found.items()}

    def _loosely(
        self, words: Sequence[str], start: int, pack: Pack
    ) -> tuple[int, tuple[Sense, ...]] | None:
        """A long catalog phrase said with another small word ('opted in for SMS' for the
        catalog's 'opted in to SMS'): the words that differ are all function words."""
        for key in self._long_phrases.get(words[start] if start < len(words) else "", ()):
            said = tuple(words[start : start + len(key)])
            if len(said) != len(key):
                continue
            differ = [(a, b) for a, b in zip(said, key, strict=True) if a != b]
            content = [word for word in key if not _grammar(pack, word)]
            loose = len(differ) == 1 and said[-1] == key[-1] and len(content) >= 2
            if loose and all(_grammar(pack, a) and _grammar(pack, b) for a, b in differ):
                return len(key), self.entries.entries[key]
        return None

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
            self._forms[key] = _normalise(self, word, pack)
        return self._forms[key]


_GRAMMAR_ROLES = (
    Role.FUNCTION,
    Role.AND,
    Role.OR,
    Role.RELATIVE,
    Role.ARTICLES,
    Role.NEGATION,
    Role.DURING,
)


def _grammar(pack: Pack, word: str) -> bool:
    return any(pack.is_word(role, word) for role in _GRAMMAR_ROLES)


def _operator(pack: Pack, word: str) -> bool:
    """'AND', 'OR', 'NOT' in capitals are the operators people type, never codes: read as a
    value ('OR' is the French synonym of 'gold'), an injected 'OR' would widen the audience."""
    return any(pack.is_word(role, word) for role in (Role.AND, Role.OR, Role.NEGATION))


def _normalise(lexicon: Lexicon, word: str, pack: Pack) -> tuple[tuple[str, str], ...]:
    if word in lexicon.words or not word.isalpha() or len(word) < 3:
        return ((word, word),)
    if pack.is_word(Role.FUNCTION, word):
        return ((word, word),)
    if word in pack.vocabulary:
        catalog = _stem(lexicon, word, pack, catalog_only=True)
        return ((word, catalog[0] if catalog else word),)
    forms = (
        _stem(lexicon, word, pack)
        or _negated(lexicon, word, pack)
        or _demonym(lexicon, word, pack)
        or _compound(lexicon, word, pack)
        or _typo(lexicon, word)
        or (word,)
    )
    return tuple((form, form) for form in forms)


def _known(lexicon: Lexicon, pack: Pack, word: str, catalog_only: bool = False) -> bool:
    return word in lexicon.words or (not catalog_only and word in pack.vocabulary)


def _stem(lexicon: Lexicon, word: str, pack: Pack, catalog_only: bool = False) -> Words | None:
    """The known word ``word`` is an inflection of (an ending removed or added)."""
    for suffix in pack.suffixes:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _known(lexicon, pack, base, catalog_only):
            return (base,)
    for suffix in pack.suffixes:
        if len(suffix) <= 2 and _known(lexicon, pack, word + suffix, catalog_only):
            return (word + suffix,)
    for suffix in pack.suffixes:  # 'expiring' → expir → 'expire': an ending replaced a letter
        base = word[: -len(suffix)]
        for ending in (s for s in pack.suffixes if len(s) == 1):
            if (
                word.endswith(suffix)
                and len(base) >= 3
                and _known(lexicon, pack, base + ending, catalog_only)
            ):
                return (base + ending,)
    return None


def _demonym(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'parisiens', 'Parisians', 'Lyonnais', 'Berliner': a place the catalog has as a profile
    value, and an ending that makes it its people (the stem may drop a final 'e' or double its
    last letter: 'Marseille' → 'marseillais', 'Lyon' → 'lyonnais')."""
    for suffix in pack.demonym_suffixes:
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 3:
            continue
        for place in (base, base + "e", base[:-1]):
            found = lexicon.entries.match((place,), 0)
            if found and any(sense.kind is SenseKind.VALUE for sense in found[1]):
                return (place,)
    return None


def _negated(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    negation = pack.negation_word
    for prefix in pack.negating_prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4:
            base = rest if _known(lexicon, pack, rest) else (_stem(lexicon, rest, pack) or ("",))[0]
            if base:
                return (negation, base)
    return None


def _catalog(lexicon: Lexicon, pack: Pack, word: str) -> bool:
    """A catalog word, or a word the pack's glossary translates into one ('Filiale')."""
    return word in lexicon.words or pack.glossary.match((word,), 0) is not None


def _part(lexicon: Lexicon, part: str, pack: Pack) -> str | None:
    if len(part) < 3:
        return None
    return part if _known(lexicon, pack, part) else (_stem(lexicon, part, pack) or (None,))[0]


def _compound(lexicon: Lexicon, word: str, pack: Pack) -> Words | None:
    """'Filialbedingung' → Filiale + Bedingung: a word of a language that writes compounds
    closed, made of two known words (one of them the catalog's), joined by a linking letter or
    none; the longest known last part (the compound's head) wins."""
    if not pack.compound_links or len(word) < 7:
        return None
    for cut in range(3, len(word) - 2):
        head = _part(lexicon, word[cut:], pack)
        if head is None:
            continue
        left = word[:cut]
        links = [link for link in pack.compound_links if left.endswith(link)]
        for first in (left, *(left[: -len(link)] for link in links)):
            modifier = _part(lexicon, first, pack)
            if modifier and (_catalog(lexicon, pack, modifier) or _catalog(lexicon, pack, head)):
                return (modifier, head)
    return None


def _typo(lexicon: Lexicon, word: str) -> Words | None:
    if len(word) < 5:
        return None
    matches = difflib.get_close_matches(word, lexicon._long_words, n=1, cutoff=0.82)
    return (matches[0],) if matches else None


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
    phrases = _catalog_phrases(catalog)
    subject = Sense(SenseKind.SUBJECT, table=catalog.profile.table)
    phrases += [
        (" ".join(p), subject) for pack in packs for p in pack.table(Role.POPULATION).entries
    ]
    if catalog.channels:
        phrases += _all_channel_phrases(packs)
    for phrase, sense in phrases:
        for key in _keys(phrase, packs):
            if sense not in collected[key]:
                collected[key].append(sense)
    entries = {key: tuple(senses) for key, senses in collected.items()}
    table = PhraseTable({**_singulars(entries, packs), **entries})
    consents = {str(channel.name): channel.consent for channel in catalog.channels}
    return Lexicon(table, wholes=_wholes(catalog), consents=consents)


ANY_CHANNEL = "*any"
"""The channel of 'on any channel': every channel the catalog declares, any of them."""
EVERY_CHANNEL = "*every"
"""The channel of 'on all channels': every channel the catalog declares, each of them."""


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
    """The phrase as written, and as each language's compounds join it ('opt-in' → optin)."""
    key = phrase_key(phrase)
    keys = {key} if key else set()
    for pack in packs:
        joined = tuple(t.text for t in tokenize(" ".join(key), pack.morphology))
        if joined and not set(joined) & {"'"}:
            keys.add(joined)
    return keys


def _catalog_phrases(catalog: Catalog) -> list[tuple[str, Sense]]:
    hidden = {indicator.table for indicator in catalog.indicators if indicator.table}
    if catalog.suppression:
        hidden.add(catalog.suppression.table)
    phrases: list[tuple[str, Sense]] = []
    for table in catalog.tables:
        if table.name not in hidden:
            phrases += _table_phrases(table, catalog)
    for indicator in catalog.indicators:
        phrases += _indicator_phrases(indicator)
    for channel in catalog.channels:
        sense = Sense(SenseKind.CHANNEL, channel=str(channel.name))
        phrases += [(word, sense) for word in (str(channel.name), channel.label, *channel.synonyms)]
    subject = Sense(SenseKind.SUBJECT, table=catalog.profile.table)
    profile = catalog.profile
    names = (profile.label, profile.people(), *profile.labels.values())
    phrases += [(name, subject) for name in names]
    phrases += [(profile.people(code), subject) for code in profile.labels]
    return phrases


def _event_column_phrases(table: Table, column: Column) -> list[tuple[str, Sense]]:
    """An event's own yes/no and date columns ('organic', 'expires'): a filter on the event —
    true for a yes/no column, the time phrase of the clause for a date column (value None)."""
    names = (*column.synonyms, *_labels(column), *_dated_name(column), *_event_verb(column))
    if column.type is ColumnType.BOOLEAN:
        sense = Sense(SenseKind.EVENT_VALUE, table=table.name, column=column.name, value="true")
    elif column.type in {ColumnType.DATE, ColumnType.TIMESTAMP}:
        sense = Sense(SenseKind.EVENT_VALUE, table=table.name, column=column.name)
    else:
        return []
    return [(name, sense) for name in names]


def _dated_name(column: Column) -> tuple[str, ...]:
    """'contract_ends_on' is also said 'contract ends' (a date column's trailing 'on')."""
    if column.type in {ColumnType.DATE, ColumnType.TIMESTAMP} and column.name.endswith("_on"):
        return (column.name[: -len("_on")].replace("_", " "),)
    return ()


def _event_verb(column: Column) -> tuple[str, ...]:
    """An event's 'booked_at' is said 'booked': the time of the clause dates that column."""
    dated = column.type in {ColumnType.DATE, ColumnType.TIMESTAMP}
    return (
        (column.name[: -len("_at")].replace("_", " "),)
        if dated and column.name.endswith("_at")
        else ()
    )


def _labels(item: Table | Column) -> tuple[str, ...]:
    """The label people read, in every language the catalog gives it."""
    return tuple(label for label in (item.label, *item.labels.values()) if label)


_TABLE_SENSE = {
    TableKind.PROFILE: SenseKind.SUBJECT,
    TableKind.EVENT: SenseKind.EVENT,
    TableKind.ATTRIBUTE: SenseKind.TABLE,
}


def _table_phrases(table: Table, catalog: Catalog) -> list[tuple[str, Sense]]:
    own = Sense(_TABLE_SENSE[table.kind], table=table.name)
    words = [*table.synonyms, *_labels(table)]
    if table.kind is not TableKind.ATTRIBUTE:
        words.append(table.name.replace("_", " "))
    phrases = [(word, own) for word in words]
    for column in table.columns:
        phrases += _column_phrases(table, column, catalog)
    return phrases


def _column_phrases(table: Table, column: Column, catalog: Catalog) -> list[tuple[str, Sense]]:
    is_event = table.kind is TableKind.EVENT
    if column.name in {table.key, table.timestamp, catalog.profile.key}:
        return []
    if table.join is not None and column.name == table.join.column:
        return []
    phrases: list[tuple[str, Sense]] = []
    if is_event and column.name in table.measures:
        measure = Sense(SenseKind.MEASURE, table=table.name, column=column.name)
        names = (column.name.replace("_", " "), *column.synonyms, *_labels(column))
        phrases += [(word, measure) for word in names]
    elif not is_event:
        named = Sense(SenseKind.COLUMN, table=table.name, column=column.name)
        names = (*column.synonyms, *_labels(column))
        if not column.pii:
            names = (column.name.replace("_", " "), *names, *_dated_name(column))
        phrases += [(word, named) for word in names]
    if is_event:
        phrases += _event_column_phrases(table, column)
    value_kind = SenseKind.EVENT_VALUE if is_event else SenseKind.VALUE
    for value in column.allowed_values or ():
        sense = Sense(value_kind, table=table.name, column=column.name, value=value)
        for word in (value, value.replace("_", " "), *column.value_synonyms.get(value, ())):
            phrases.append((word, sense))
    return phrases


def _indicator_phrases(indicator: Indicator) -> list[tuple[str, Sense]]:
    own = Sense(SenseKind.INDICATOR, indicator=indicator.name)
    words = (indicator.name.replace("_", " "), indicator.label, *indicator.synonyms)
    words += tuple(indicator.labels.values())
    phrases = [(word, own) for word in words]
    for value in indicator.allowed_values or ():
        sense = Sense(SenseKind.INDICATOR_VALUE, indicator=indicator.name, value=value)
        for word in (value, *indicator.value_synonyms.get(value, ())):
            phrases.append((word, sense))
    if indicator.dimension:
        for key in indicator.dimension.allowed_values:
            sense = Sense(SenseKind.INDICATOR_KEY, indicator=indicator.name, value=key)
            for word in (key, key.replace("_", " "), *indicator.dimension.synonyms.get(key, ())):
                phrases.append((word, sense))
    return phrases
