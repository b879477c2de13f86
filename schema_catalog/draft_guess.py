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

from schema_catalog.draft_facts import ColumnFacts, DatabaseFacts, TableFacts, as_day
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


def guess_profile(facts: DatabaseFacts) -> Profile:
    """The candidate key other tables reference most: for each referencing table, the share of
    the key's values it uses, added up (orders use most customers, few order numbers are
    customer numbers). Ties (a one-row-per-person score table covers the key as well): the table
    holding more personal data (names, e-mail addresses), then a profile-like name, then the
    widest table."""
    scored = []
    for table in facts.tables:
        for column in table.columns:
            if column.candidate_key:
                used: dict[str, float] = {}
                for ref, share in facts.referencing(column.dotted):
                    used[ref.table] = max(used.get(ref.table, 0.0), share)
                weight = round(sum(used.values()), 2)
                personal = sum(1 for c in table.columns if c.personal)
                named = has_word(table.name, "profile")
                rank = (weight, len(used), personal, named, len(table.columns))
                scored.append((rank, column))
    if not scored:
        first = facts.tables[0]
        return Profile(first.name, first.columns[0].name, 0, ())
    scored.sort(key=lambda item: item[0], reverse=True)
    (rank, best), others = scored[0], scored[1:4]
    runners = tuple(f"{c.dotted} (referenced by {r[1]} tables)" for r, c in others)
    return Profile(best.table, best.name, int(rank[1]), runners)


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


def is_suppression(table: TableFacts) -> ColumnFacts | None:
    """The channel column of a suppression-looking table, or None."""
    if not has_word(table.name, "suppression"):
        return None
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
