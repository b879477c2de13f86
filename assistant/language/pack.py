"""Language packs compiled for the parser: every entry becomes a folded token tuple.

A pack is the files of ``languages/<code>/``; ``load_pack`` validates them (``model``) and compiles
each list into a ``PhraseTable`` (longest match first), keyed by the same tokeniser requests go
through, so 'didn't' in a pack and in a request meet as the same words. Plain phrase lists are
reached by ``Role`` (``pack.has(Role.NEGATION, words, i)``); tables with values (numbers, units,
comparisons, months...) have their own attributes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import ValidationError

from assistant.errors import AssistantError
from assistant.language.model import (
    COMPARISON_OPS,
    PackFiles,
    RecencyWindow,
    VagueKind,
)
from assistant.language.roles import RANKING_ROLES, Role
from assistant.language.text import Morphology, fold, raw_tokens, tokenize
from audience.rules import Op, TimeUnit
from languages import PACKS_DIR, LanguageError, available_languages, read_topic

LANGUAGES_DIR = PACKS_DIR
"""Where the packs live: ``languages/<code>/<topic>.yml``."""

V = TypeVar("V")
Words = tuple[str, ...]


class LanguagePackError(AssistantError):
    """A language pack is missing or has a malformed topic file."""


@dataclass(frozen=True)
class PhraseTable(Generic[V]):
    """Phrases (token tuples) → values, matched longest first."""

    entries: Mapping[Words, V] = field(default_factory=dict)

    @functools.cached_property
    def longest(self) -> int:
        return max((len(key) for key in self.entries), default=0)

    @functools.cached_property
    def _lengths(self) -> dict[str, tuple[int, ...]]:
        """First word → the lengths of the phrases starting with it, longest first."""
        lengths: dict[str, set[int]] = {}
        for key in self.entries:
            lengths.setdefault(key[0], set()).add(len(key))
        return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}

    def match(self, words: Sequence[str], start: int) -> tuple[int, V] | None:
        """The longest phrase at ``start``: (number of words, value), or None.

        >>> PhraseTable({("at", "least"): 1}).match(["at", "least", "2"], 0)
        (2, 1)
        """
        if start >= len(words):
            return None
        for length in self._lengths.get(words[start], ()):
            key = tuple(words[start : start + length])
            if len(key) == length and key in self.entries:
                return length, self.entries[key]
        return None

    def length(self, words: Sequence[str], start: int) -> int:
        """How many words of a phrase start at ``start`` (0 when none)."""
        found = self.match(words, start)
        return found[0] if found else 0

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return (key,) in self.entries
        return key in self.entries

    def words(self) -> frozenset[str]:
        """Every word of every phrase."""
        return frozenset(word for key in self.entries for word in key)


@dataclass(frozen=True, eq=False)
class Pack:
    """One language, compiled for the parser (see the module docstring)."""

    code: str
    name: str
    morphology: Morphology
    written: frozenset[str]
    """Grammar words as written in the pack files (lower case, accents kept)."""
    suffixes: Words
    demonym_suffixes: Words
    """Endings that make a place name its people ('Paris' → 'Parisians', 'parisiens')."""
    feminine_demonym_suffixes: Words
    """Those of them that name its women ('Parisiennes', 'Berlinerinnen')."""
    agent_suffixes: Words
    """Endings that make a word its doers ('drivers'; ``morphology``)."""
    demonym_stem_endings: tuple[tuple[str, str], ...]
    """(stem ending, place ending): 'Münchner' → münchn → 'München' (``morphology``)."""
    demonym_stems: Mapping[str, Words]
    """Stem of an irregular demonym → its place's words ('bordel' of 'Bordelais' → bordeaux)."""
    paid_states: frozenset[str]
    """Words a catalog value is called when its rows' money was paid (``morphology``)."""
    adjective_endings: Words
    """Endings of an adjective before its noun ('fehlgeschlagene' → 'fehlgeschlagen')."""
    negating_prefixes: Words
    compound_links: Words
    respellings: tuple[tuple[str, str], ...]
    """(spelled out, letter) pairs, folded ('ue' → 'u' for 'ü'): see ``morphology.yml``."""
    roles: Mapping[Role, PhraseTable[bool]]
    cardinals: PhraseTable[int]
    multiplicatives: PhraseTable[int]
    ordinals: PhraseTable[int]
    scales: PhraseTable[int]
    rough_sizes: PhraseTable[int]
    durations: PhraseTable[int]
    whole_durations: PhraseTable[int]
    decimal_separator: str
    before_number: PhraseTable[Op]
    after_number: PhraseTable[Op]
    units: PhraseTable[tuple[int, TimeUnit]]
    months: PhraseTable[int]
    seasons: PhraseTable[tuple[int, int]]
    named_days: PhraseTable[tuple[int, int]]
    vague: PhraseTable[VagueKind]
    recency_window: RecencyWindow
    glossary: PhraseTable[Words]
    rank_measured: PhraseTable[str] = field(default_factory=lambda: PhraseTable({}))
    """Superlatives that say their measure → a word of it ('umsatzstärksten' → 'umsatz')."""
    language_names: PhraseTable[Words] = field(default_factory=lambda: PhraseTable({}))
    """A language's name → its English name, in words (``cues.language_names``)."""
    messages: Mapping[str, str] = field(default_factory=dict)
    unit_names: Mapping[TimeUnit, str] = field(default_factory=dict)
    letters: frozenset[str] = frozenset()
    """Letters only this language writes among the packs (see ``MorphologyTopic.letters``)."""

    def say(self, key: str, **values: object) -> str:
        """The message ``key`` in this language (English when the pack lacks it), filled in.

        >>> from assistant.language import load_pack
        >>> load_pack("en").say("ask_value", label="churn risk")
        'Which churn risk do you mean?'
        """
        template = self.messages.get(key) or load_pack("en").messages.get(key) or key
        return template.format(**values)

    @property
    def negation_word(self) -> str:
        """The language's plain negation (the first of ``negation.words``): 'not', 'pas'."""
        return next(iter(self.roles[Role.NEGATION].entries))[0]

    def unit_name(self, unit: TimeUnit) -> str:
        return self.unit_names.get(unit) or f"{unit.value}s"

    def table(self, role: Role) -> PhraseTable[bool]:
        return self.roles[role]

    @functools.cached_property
    def _roles_by_first(self) -> dict[str, tuple[Role, ...]]:
        found: dict[str, list[Role]] = {}
        for role, table in self.roles.items():
            if role in RANKING_ROLES:  # asked for by name where a ranking may be (``has``)
                continue
            for key in table.entries:
                if role not in found.setdefault(key[0], []):
                    found[key[0]].append(role)
        return {word: tuple(roles) for word, roles in found.items()}

    def roles_at(self, words: Sequence[str], start: int) -> dict[Role, int]:
        """Every role with a phrase at ``start``, with the length of its longest one there."""
        if start >= len(words):
            return {}
        lengths = {
            role: self.has(role, words, start)
            for role in self._roles_by_first.get(words[start], ())
        }
        return {role: length for role, length in lengths.items() if length}

    def has(self, role: Role, words: Sequence[str], start: int) -> int:
        """How many words of a ``role`` phrase start at ``start`` (0 when none)."""
        return self.roles[role].length(words, start)

    def says(self, role: Role, words: Sequence[str]) -> bool:
        """Whether ``words``, all of them, are one phrase of ``role``."""
        return bool(words) and self.has(role, words, 0) == len(words)

    def is_word(self, role: Role, word: str) -> bool:
        """Whether ``word`` alone is a phrase of ``role``."""
        return (word,) in self.roles[role].entries

    def tokens(self, text: str) -> list[str]:
        """The words of ``text`` for this language."""
        return [token.text for token in tokenize(text, self.morphology)]

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word the pack knows (typo correction never rewrites one of them)."""
        # Ranking words are read where a ranking is (next to a number of people), never as
        # vocabulary: 'ordered' in 'ordered by' must still read as the catalog's 'order'.
        roles = [table for role, table in self.roles.items() if role not in RANKING_ROLES]
        tables: list[PhraseTable[object]] = [*roles]  # type: ignore[list-item]
        tables += [self.cardinals, self.multiplicatives, self.ordinals, self.scales]  # type: ignore[list-item]
        tables += [self.rough_sizes]  # type: ignore[list-item]
        tables += [self.durations, self.whole_durations]  # type: ignore[list-item]
        tables += [self.before_number, self.after_number, self.units, self.months]  # type: ignore[list-item]
        tables += [self.seasons, self.named_days, self.vague, self.glossary]  # type: ignore[list-item]
        return frozenset(word for table in tables for word in table.words())

    @functools.cached_property
    def accented(self) -> frozenset[str]:
        """Grammar words written with accents ('à', 'été'): exact evidence of the language."""
        return frozenset(word for word in self.written if not word.isascii())

    @functools.cached_property
    def signature(self) -> frozenset[str]:
        """Grammar words of the language (no numbers or symbols): what detection counts."""
        grammar = [
            Role.FUNCTION,
            Role.NEGATION,
            Role.NEVER,
            Role.EXCLUSION,
            Role.AND,
            Role.OR,
            Role.UNION,
            Role.APPROXIMATE,
        ]
        grammar += [Role.RELATIVE, Role.BUT, Role.PAST, Role.SINCE, Role.DURING, Role.ARTICLES]
        words = {word for role in grammar for word in self.roles[role].words()}
        words |= self.before_number.words() | self.units.words() | self.glossary.words()
        words |= self.months.words() | self.cardinals.words() | self.vague.words()
        return frozenset(word for word in words if word.isalpha() and len(word) > 1)


def _morphology(files: PackFiles) -> Morphology:
    topic = files.morphology

    def words(text: str) -> Words:
        return tuple(token.text for token in raw_tokens(text) if token.text != "-")

    return Morphology(
        contractions={fold(key): words(value) for key, value in topic.contractions.items()},
        shorthands={fold(key): words(value) for key, value in topic.shorthands.items()},
        compounds={words(key): fold(value) for key, value in topic.compounds.items()},
        elisions=frozenset(fold(e) for e in topic.elisions),
    )


def _demonym_stems(files: PackFiles, morphology: Morphology) -> dict[str, Words]:
    """Each irregular demonym's stem (its longest demonym ending off) → its place's words."""
    endings = sorted((fold(s) for s in files.morphology.demonym_suffixes), key=len, reverse=True)
    stems: dict[str, Words] = {}
    for demonym, place in files.morphology.demonyms.items():
        word = fold(demonym)
        ending = next((e for e in endings if word.endswith(e) and len(word) > len(e)), "")
        stems[word[: len(word) - len(ending)]] = tuple(t.text for t in tokenize(place, morphology))
    return stems


def _keyed(entries: Iterable[tuple[str, V]], morphology: Morphology) -> PhraseTable[V]:
    table: dict[Words, V] = {}
    for phrase, value in entries:
        key = tuple(token.text for token in tokenize(phrase, morphology))
        if key:
            table.setdefault(key, value)
    return PhraseTable(table)


def _phrases(values: Iterable[str], morphology: Morphology) -> PhraseTable[bool]:
    return _keyed(((value, True) for value in values), morphology)


def _role_tables(files: PackFiles, morphology: Morphology) -> dict[Role, PhraseTable[bool]]:
    tables: dict[Role, PhraseTable[bool]] = {}
    for role in Role:
        topic_name, field_name = role.value.split(".")
        values = getattr(getattr(files, topic_name), field_name)
        tables[role] = _phrases(values, morphology)
    return tables


def _written(files: PackFiles) -> frozenset[str]:
    topics: tuple[tuple[str, ...], ...] = (
        files.function_words.function_words,
        files.connectors.and_,
        files.negation.words,
    )
    topics += (
        files.periods.since,
        files.periods.during,
        files.periods.articles,
        files.periods.past,
    )
    return frozenset(
        word.lower().replace("’", "'")
        for phrases in topics
        for phrase in phrases
        for word in phrase.split()
    )


def compile_pack(files: PackFiles) -> Pack:
    """The parser's view of a validated pack."""
    morph = _morphology(files)
    periods, numbers = files.periods, files.numbers
    units = {**{k: (1, v) for k, v in periods.units.items()}, **periods.unit_multiples}
    glossary = {k: tuple(tokenize(v, morph)) for k, v in files.glossary.terms.items()}
    return Pack(
        code=files.language.code,
        name=files.language.name,
        morphology=morph,
        written=_written(files),
        suffixes=tuple(fold(s) for s in files.morphology.suffixes),
        demonym_suffixes=tuple(fold(s) for s in files.morphology.demonym_suffixes),
        feminine_demonym_suffixes=tuple(
            fold(s) for s in files.morphology.feminine_demonym_suffixes
        ),
        demonym_stem_endings=tuple(
            (fold(k), fold(v)) for k, v in files.morphology.demonym_stem_endings.items()
        ),
        demonym_stems=_demonym_stems(files, morph),
        agent_suffixes=tuple(fold(s) for s in files.morphology.agent_suffixes),
        adjective_endings=tuple(fold(s) for s in files.morphology.adjective_endings),
        paid_states=frozenset(fold(s) for s in files.morphology.paid_states),
        negating_prefixes=tuple(fold(p) for p in files.morphology.negating_prefixes),
        compound_links=tuple(fold(p) for p in files.morphology.compound_links),
        respellings=tuple((fold(k), fold(v)) for k, v in files.morphology.respellings.items()),
        roles=_role_tables(files, morph),
        cardinals=_keyed(numbers.cardinals.items(), morph),
        multiplicatives=_keyed(numbers.multiplicatives.items(), morph),
        ordinals=_keyed(numbers.ordinals.items(), morph),
        scales=_keyed(numbers.scales.items(), morph),
        rough_sizes=_keyed(numbers.rough_sizes.items(), morph),
        durations=_keyed(numbers.durations.items(), morph),
        whole_durations=_keyed(numbers.whole_durations.items(), morph),
        decimal_separator=numbers.decimal_separator,
        before_number=_keyed(
            ((k, COMPARISON_OPS[v]) for k, v in files.comparisons.before_number.items()), morph
        ),
        after_number=_keyed(
            ((k, COMPARISON_OPS[v]) for k, v in files.comparisons.after_number.items()), morph
        ),
        units=_keyed(units.items(), morph),
        months=_keyed(periods.months.items(), morph),
        seasons=_keyed(periods.seasons.items(), morph),
        named_days=_keyed(periods.named_days.items(), morph),
        vague=_keyed(files.vague.words.items(), morph),
        recency_window=files.vague.recency_window,
        glossary=_keyed(((k, tuple(t.text for t in v)) for k, v in glossary.items()), morph),
        rank_measured=_keyed(files.ranking.measured.items(), morph),
        language_names=_keyed(
            (
                (k, tuple(t.text for t in tokenize(v, morph)))
                for k, v in files.cues.language_names.items()
            ),
            morph,
        ),
        messages=dict(files.messages.messages),
        unit_names=dict(files.messages.unit_names),
        letters=frozenset(files.morphology.letters.lower()),
    )


def read_pack_files(directory: Path) -> PackFiles:
    """The validated topic files of one pack directory (each read by ``languages.read_topic``).

    Files other than the parser's topics (``describe.yml``, read by ``audience``) are left to
    their readers; ``tests/languages`` checks every file of a pack is some reader's topic.

    Raises:
        LanguagePackError: a file is not valid YAML, does not match its topic's model (with its
            file and line), or ``language.yml`` is missing.
    """
    topics: dict[str, object] = {}
    for name, info in PackFiles.model_fields.items():
        path = directory / f"{name}.yml"
        if path.is_file():
            try:
                topics[name] = read_topic(path, info.annotation)  # type: ignore[arg-type]
            except LanguageError as error:
                raise LanguagePackError(str(error)) from error
    try:
        return PackFiles.model_validate(topics)
    except ValidationError as error:
        raise LanguagePackError(
            f"Language pack {directory.name!r} does not match its topics: {error}"
        ) from error


available_codes = available_languages
"""Codes of the packs (folders of ``languages/`` with a ``language.yml``)."""


@functools.cache
def load_pack(code: str) -> Pack:
    """The compiled pack ``languages/<code>/`` (read once per process: packs are static data).

    Raises:
        LanguagePackError: no such pack, or a malformed topic file.
    """
    directory = LANGUAGES_DIR / code
    if not (directory / "language.yml").is_file():
        raise LanguagePackError(
            f"No language pack {code!r}; available: {', '.join(available_codes())}."
        )
    return compile_pack(read_pack_files(directory))


def pack_for(code: str) -> Pack:
    """The pack of ``code``, or the English one when there is no such pack (a proposal's
    language is any code a planner returned; what it is told is still said in some language).

    >>> pack_for("xx").code
    'en'
    """
    return load_pack(code if code in available_codes() else "en")


def all_packs() -> tuple[Pack, ...]:
    """Every available pack, English first."""
    codes = sorted(available_codes(), key=lambda code: (code != "en", code))
    return tuple(load_pack(code) for code in codes)
