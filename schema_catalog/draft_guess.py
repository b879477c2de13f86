"""The draft's guesses: which table is the profile, how tables join to it, which are events (and
whether their events may lie ahead), which columns are dimensions, measures and channels.

Every guess reads facts (``draft_facts``), never names alone: the profile is the candidate key
that most other tables reference by value, whatever the columns are called. Names only break ties
and recognise roles (birth dates, consent flags, suppression lists), from ``words/draft.yml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from schema_catalog.draft_facts import (
    ColumnFacts,
    DatabaseFacts,
    TableFacts,
    as_day,
    looks_like_lookup,
)
from schema_catalog.model import ColumnType
from schema_catalog.pii import name_words

FUTURE_MARGIN_DAYS = 7
"""An event table whose newest day is this far past the other event tables' holds bookings."""
_WORDS_FILE = Path(__file__).parent / "words" / "draft.yml"
_NUMERIC = (ColumnType.INTEGER, ColumnType.DECIMAL)


@functools.cache
def draft_words() -> dict[str, object]:
    """The word lists of ``words/draft.yml``."""
    loaded = yaml.safe_load(_WORDS_FILE.read_text(encoding="utf-8"))
    return dict(loaded)


def has_word(name: str, group: str) -> bool:
    """True when a word of ``name`` is in the ``group`` list of ``words/draft.yml``."""
    words = {str(word) for word in draft_words()[group]}  # type: ignore[attr-defined]
    return any(word in words for word in name_words(name))


def channel_of(name: str) -> str | None:
    """The channel a name mentions ('email', 'sms', 'push'), or None."""
    channels: dict[str, list[str]] = draft_words()["channels"]  # type: ignore[assignment]
    words = set(name_words(name))
    return next((channel for channel, known in channels.items() if words & set(known)), None)


@dataclass(frozen=True)
class Profile:
    """The guessed profile table and key, and the candidates it won against."""

    table: str
    key: str
    referenced_by: int
    runners_up: tuple[str, ...]


def guess_profile(facts: DatabaseFacts, table: str | None = None) -> Profile:
    """The candidate key other tables reference most (of ``table`` only, when given).

    For each referencing table, the share of the key's values it uses, added up (orders use
    most customers, few order numbers are customer numbers). A lookup table (five gyms whose
    code every table carries: see ``looks_like_lookup``) only wins when nothing else is
    referenced. Ties (a one-row-per-person score table covers the key as well): the table
    holding more personal data (names, e-mail addresses), then a profile-like name, then the
    widest table.
    """
    scored = [
        (_profile_rank(facts, t, c), c)
        for t in facts.tables
        if table in (None, t.name)
        for c in t.columns
        if c.candidate_key
    ]
    if not scored:
        first = facts.tables[0]
        return Profile(first.name, first.columns[0].name, 0, ())
    scored.sort(key=lambda item: item[0], reverse=True)
    (rank, best), others = scored[0], scored[1:4]
    runners = tuple(f"{c.dotted} (referenced by {r[2]} tables)" for r, c in others)
    return Profile(best.table, best.name, int(rank[2]), runners)


def _profile_rank(
    facts: DatabaseFacts, table: TableFacts, key: ColumnFacts
) -> tuple[bool, float, int, int, bool, int]:
    """How well ``key`` fits the profile: referenced and not as a lookup, coverage, referencing
    tables, then the ties."""
    used: dict[str, float] = {}
    rows: dict[str, int] = {}
    for ref, share in facts.referencing(key.dotted):
        used[ref.table] = max(used.get(ref.table, 0.0), share)
        rows[ref.table] = ref.rows
    people = bool(rows) and not looks_like_lookup(key.rows, max(rows.values()))
    personal = sum(1 for c in table.columns if c.personal)
    named = has_word(table.name, "profile")
    weight = round(sum(used.values()), 2)
    return (people, weight, len(used), personal, named, len(table.columns))


def join_column(facts: DatabaseFacts, table: TableFacts, profile: Profile) -> ColumnFacts | None:
    """The column of ``table`` that references the profile key (best share; same name first)."""
    key = f"{profile.table}.{profile.key}"
    found = [(c, share) for c, share in facts.referencing(key) if c.table == table.name]
    if not found:
        return None
    found.sort(key=lambda item: (item[1], item[0].name == profile.key), reverse=True)
    return found[0][0]


def event_columns(table: TableFacts) -> list[ColumnFacts]:
    """Date and timestamp columns that can say when an event happened: not birth dates, and not
    a stamp that is the same on every row (a snapshot's computed-at)."""
    return [
        c for c in table.columns if c.temporal and c.distinct > 1 and not has_word(c.name, "birth")
    ]


def guess_timestamp(table: TableFacts) -> ColumnFacts | None:
    """The event column reaching furthest (an appointment's day beats its booking day)."""
    candidates = [c for c in event_columns(table) if as_day(c.newest) is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (as_day(c.newest), c.type is ColumnType.TIMESTAMP))


def future_tables(newest: dict[str, date]) -> set[str]:
    """Event tables whose newest day lies well past the others' (bookings, renewals)."""
    if len(newest) < 2:
        return set()
    horizon = sorted(newest.values())[(len(newest) - 1) // 2]
    return {name for name, day in newest.items() if (day - horizon).days > FUTURE_MARGIN_DAYS}


def is_suppression(table: TableFacts) -> bool:
    """A table named like a block list: ``contact_blocks``, ``optouts``, ``do_not_contact``."""
    phrases = [str(p) for p in draft_words()["suppression_phrases"]]  # type: ignore[attr-defined]
    spaced = f" {' '.join(name_words(table.name))} "
    return has_word(table.name, "suppression") or any(f" {p} " in spaced for p in phrases)


def suppression_channel(table: TableFacts) -> ColumnFacts | None:
    """The column of a suppression table naming the channel a row blocks (its values are
    channel words), or None: then every row blocks every channel."""
    channels: dict[str, list[str]] = draft_words()["channels"]  # type: ignore[assignment]
    known = {word for words in channels.values() for word in words}
    for column in table.columns:
        if column.categorical and {str(v).lower() for v in column.samples} & known:
            return column
    return None


def key_like(column: ColumnFacts, facts: DatabaseFacts) -> bool:
    """Identifiers and references: unique, referencing a key, or named like one."""
    return column.unique or column.dotted in facts.references or has_word(column.name, "key_like")


def measures(table: TableFacts, facts: DatabaseFacts, join: str) -> list[str]:
    """Numeric columns one can add up: never keys, references or the join column."""
    return [
        c.name
        for c in table.columns
        if c.type in _NUMERIC and c.name != join and not key_like(c, facts)
    ]


def dimensions(table: TableFacts, join: str) -> list[str]:
    """Categorical text columns and booleans one can filter events on."""
    return [
        c.name
        for c in table.columns
        if c.name != join and (c.categorical or c.type is ColumnType.BOOLEAN)
    ]
