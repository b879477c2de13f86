"""Draft a catalog from an existing database, for admins pointing Perimeter at their own data.

The draft is a starting point that is right more often than wrong, not a finished catalog. From
the data (through a ``DatabaseReader``) it guesses the profile table and key (the key other
tables reference by value, whatever the names), how each table joins to it, which tables hold
events (DATE or TIMESTAMP) and whether those may lie ahead of as_of, categorical columns and
their values, measures (never keys), personal data (names in several languages, e-mail and phone
values), channels with their consent and contact, and the suppression list. Guesses that need a
person's eye come back as ``notes`` (TODO lines written at the top of ``catalog.yml``).
Descriptions, synonyms and indicators are for people to write: see docs/catalog.md.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml

from schema_catalog.as_of import newest_of
from schema_catalog.draft_facts import (
    ColumnFacts,
    DatabaseFacts,
    TableFacts,
    as_day,
    read_facts,
)
from schema_catalog.draft_guess import (
    Profile,
    channel_of,
    dimensions,
    draft_words,
    future_tables,
    guess_profile,
    guess_timestamp,
    is_suppression,
    join_column,
    measures,
    suppression_channel,
)
from schema_catalog.errors import CatalogError, ReaderError
from schema_catalog.model import ColumnType
from schema_catalog.reader import DatabaseReader

_SOURCE = "database"

Draft = dict[str, object]


class IntrospectionError(CatalogError):
    """The database cannot be read, or holds nothing a catalog could describe."""


def draft_catalog_from_database(database: str | Path, profile: str | None = None) -> Draft:
    """Draft a catalog of ``database`` (see ``draft_catalog``).

    Args:
        database: A DuckDB file, a ``postgresql://…`` URL (its schema ``public``) or a
            ``spark:<master>[?parquet=DIR]`` target (the Spark catalog's current database).
        profile: ``TABLE`` or ``TABLE.KEY`` holding one row per person, instead of the guess.

    Raises:
        IntrospectionError: the database cannot be opened read-only, has no usable table, or
            ``profile`` names no table (or key) of it.
    """
    from schema_catalog.server_readers import open_reader, target_name

    try:
        with open_reader(database) as reader:
            return draft_catalog(reader, target_name(str(database)), profile)
    except ReaderError as error:
        raise IntrospectionError(error.message, hint=error.hint) from error


def draft_catalog(reader: DatabaseReader, name: str, profile: str | None = None) -> Draft:
    """A catalog document (the shape ``load_catalog`` reads) plus ``notes`` for the author.

    ``profile`` (``TABLE`` or ``TABLE.KEY``) says which table holds one row per person
    instead of guessing it; without a key, the table's best-referenced unique column is taken.

    Raises:
        IntrospectionError: the database has no table with usable columns, or ``profile``
            names no table of it, or a key that is not one value per row.
    """
    facts = read_facts(reader)
    if not facts.tables:
        raise IntrospectionError(f"Database {name!r} has no table with usable columns.")
    chosen = guess_profile(facts) if profile is None else _chosen_profile(facts, profile)
    return _Drafting(facts, chosen).document(name, chosen_by_author=profile is not None)


def _chosen_profile(facts: DatabaseFacts, spec: str) -> Profile:
    """The profile the author named (``TABLE`` or ``TABLE.KEY``), checked against the data."""
    name, _, key = spec.partition(".")
    tables = [t.name for t in facts.tables]
    if name not in tables:
        raise IntrospectionError(
            f"--profile {spec!r}: there is no table {name!r} in the database.",
            hint=f"Tables: {', '.join(tables)}.",
        )
    table = facts.table(name)
    keys = [c.name for c in table.columns if c.candidate_key]
    if key and key not in keys:
        raise IntrospectionError(
            f"--profile {spec!r}: {name}.{key} does not hold one distinct value per row, so it "
            "cannot be the profile key.",
            hint=f"Unique columns of {name}: {', '.join(keys) or 'none'}.",
        )
    if not keys:
        raise IntrospectionError(
            f"--profile {spec!r}: no column of {name!r} holds one distinct text or integer value "
            "per row, so it cannot be the profile (one row per person).",
            hint="Name the table that holds one row per person.",
        )
    guessed = guess_profile(facts, name)
    return guessed if not key or guessed.key == key else Profile(name, key, 0, ())


class _Drafting:
    """One draft in the making: the facts, the profile guess and the notes gathered so far."""

    def __init__(self, facts: DatabaseFacts, profile: Profile) -> None:
        self.facts = facts
        self.profile = profile
        self.notes: list[str] = [f"skipped {reason}" for reason in facts.skipped]
        self.joins = {
            t.name: join_column(facts, t, self.profile)
            for t in facts.tables
            if t.name != self.profile.table
        }
        self.timestamps = {t.name: guess_timestamp(t) for t in facts.tables}
        self.suppression = next(
            (t for t in facts.tables if self.joins.get(t.name) and is_suppression(t)), None
        )
        self.events = {t.name for t in facts.tables if self._is_event(t)}
        stamps = {n: self.timestamps[n] for n in self.events}
        days = {n: as_day(c.newest) for n, c in stamps.items() if c and as_day(c.newest)}
        self.future = future_tables(days)  # type: ignore[arg-type]
        past = [(c.newest, c.dotted) for n, c in stamps.items() if c and n not in self.future]
        newest = newest_of(past)
        # The instant 'as_of: latest' resolves to, so the source is not refreshed "after" it.
        self.refreshed = newest.as_of if newest else datetime.now(UTC).replace(microsecond=0)

    def _is_event(self, table: TableFacts) -> bool:
        join = self.joins.get(table.name)
        if join is None or join.unique or table is self.suppression:
            return False
        return self.timestamps[table.name] is not None

    def document(self, name: str, *, chosen_by_author: bool = False) -> Draft:
        profile = self.profile
        if chosen_by_author:
            self.notes.append(f"profile: {profile.table}.{profile.key}, as chosen with --profile.")
        else:
            self.notes.append(
                f"profile: {profile.table}.{profile.key} is referenced by "
                f"{profile.referenced_by} other table(s); check it is one row per person, or "
                "draft again with --profile TABLE. Runners-up: "
                f"{', '.join(profile.runners_up) or 'none'}."
            )
        tables = [self._table(t) for t in self.facts.tables if self._kept(t)]
        label = profile.table.removesuffix("s") if profile.table.endswith("s") else profile.table
        draft: Draft = {
            "name": name,
            "description": f"Draft catalog of {name}; review every table before use.",
            "as_of": "latest",
            "timezone": "UTC",
            "profile": {"table": profile.table, "key": profile.key, "label": label},
            "sources": [_source(self.refreshed)],
            "tables": tables,
            "indicators": [],
        }
        draft.update(self._channels())
        self.notes.append("indicators: none drafted; add business statuses and scores by hand.")
        draft["notes"] = self.notes
        return draft

    def _kept(self, table: TableFacts) -> bool:
        if table.name == self.profile.table or self.joins.get(table.name) is not None:
            return True
        self.notes.append(
            f"left out table {table.name!r}: none of its columns holds the profile key's values."
        )
        return False

    def _table(self, table: TableFacts) -> dict[str, object]:
        drafted: dict[str, object] = {"name": table.name, "kind": self._kind(table)}
        drafted["sources"] = [_SOURCE]
        drafted["description"] = f"TODO: what one row is. {table.rows} rows when drafted."
        join = self.joins.get(table.name)
        if table.name == self.profile.table:
            drafted["key"] = self.profile.key
        elif join is not None:
            own = next((c.name for c in table.columns if c.candidate_key and c is not join), None)
            if own or join.unique:
                drafted["key"] = own or join.name
            relationship = "one_to_one" if join.unique else "one_to_many"
            drafted["join"] = {"column": join.name, "relationship": relationship}
        if table.name in self.events:
            self._event_fields(table, drafted, join.name if join else "")
        drafted["columns"] = [_column(c) for c in table.columns]
        return drafted

    def _kind(self, table: TableFacts) -> str:
        if table.name == self.profile.table:
            return "profile"
        return "event" if table.name in self.events else "attribute"

    def _event_fields(self, table: TableFacts, drafted: dict[str, object], join: str) -> None:
        stamp = self.timestamps[table.name]
        assert stamp is not None
        drafted["timestamp"] = stamp.name
        if table.name in self.future:
            drafted["future_events"] = True
            self.notes.append(
                f"{table.name}: events run to {as_day(stamp.newest)}, past the other tables; "
                "marked future_events: true (bookings, renewals). Check it."
            )
        drafted["dimensions"] = dimensions(table, join)
        drafted["measures"] = measures(table, self.facts, join)

    def _channels(self) -> Draft:
        reachable = [self.facts.table(self.profile.table)]
        reachable += [
            self.facts.table(n) for n, c in self.joins.items() if c is not None and c.unique
        ]
        names: dict[str, list[str]] = draft_words()["channels"]  # type: ignore[assignment]
        channels = [c for c in (self._channel(name, reachable) for name in names) if c]
        drafted: Draft = {"channels": channels} if channels else {}
        suppression = self._suppression()
        if suppression is not None:
            drafted["suppression"] = suppression
        return drafted

    def _suppression(self) -> dict[str, object] | None:
        table = self.suppression
        if table is None:
            self.notes.append(
                "suppression: no blocking table recognised; declare yours (people who must not "
                "be contacted) under suppression in catalog.yml."
            )
            return None
        column = suppression_channel(table)
        if column is None:
            self.notes.append(
                f"suppression: guessed {table.name}, which has no channel column: every row "
                "blocks its person on every channel (channel_column: null); check it."
            )
            return {"table": table.name, "channel_column": None}
        values = {str(v) for v in column.samples}
        all_words = [str(word) for word in draft_words()["all_channels"]]  # type: ignore[attr-defined]
        everything = next((w for w in all_words if w in values), "all")
        self.notes.append(
            f"suppression: guessed {table.name}.{column.name} "
            f"(all channels = {everything!r}); check it."
        )
        return {"table": table.name, "channel_column": column.name, "all_value": everything}

    def _channel(self, name: str, tables: list[TableFacts]) -> dict[str, object] | None:
        columns = [c for t in tables for c in t.columns]
        kind = _contact_kinds().get(name)
        contact = next((c for c in columns if kind and c.value_kind == kind), None)
        consent = next(
            (c for c in columns if c.type is ColumnType.BOOLEAN and channel_of(c.name) == name),
            None,
        )
        if contact is None or consent is None:
            if contact is not None or consent is not None:
                found = (contact or consent).dotted  # type: ignore[union-attr]
                self.notes.append(
                    f"channel {name}: found {found} but no "
                    f"{'consent flag' if consent is None else 'contact column'}; add it by hand."
                )
            return None
        self.notes.append(
            f"channel {name}: guessed consent {consent.dotted} and contact {contact.dotted}; "
            "check both."
        )
        labels: dict[str, str] = draft_words()["channel_labels"]  # type: ignore[assignment]
        return {
            "name": name,
            "label": labels.get(name, name.replace("_", " ").capitalize()),
            "consent": consent.dotted,
            "contact": contact.dotted,
            "contact_format": kind,
        }


def _contact_kinds() -> dict[str, str]:
    """Channel → the value pattern its contact column shows (``words/draft.yml``)."""
    kinds: dict[str, str] = draft_words()["channel_contacts"]  # type: ignore[assignment]
    return kinds


def _source(refreshed: datetime) -> dict[str, object]:
    """One source for the whole database, refreshed just after its newest past event."""
    return {
        "name": _SOURCE,
        "label": "Database",
        "description": "TODO: split into one source per system (CRM, shop, booking...).",
        "refresh": "daily",
        "last_refreshed_at": refreshed.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _column(column: ColumnFacts) -> dict[str, object]:
    drafted: dict[str, object] = {"name": column.name, "type": column.type.value}
    if column.categorical:
        drafted["allowed_values"] = sorted(str(value) for value in column.samples)
    if column.personal:
        drafted["pii"] = True
    return drafted


def write_draft(draft: Draft, directory: Path) -> list[Path]:
    """Write a draft as a catalog folder (``catalog.yml``, ``sources.yml``, ``tables/*.yml``).

    The draft's ``notes`` become ``# TODO`` comment lines at the top of ``catalog.yml``.
    Returns the files written. Existing files of the same name are replaced.
    """
    notes = draft.get("notes")
    skip = ("sources", "tables", "indicators", "notes")
    top = {k: v for k, v in draft.items() if k not in skip}
    files = {
        directory / "catalog.yml": top,
        directory / "sources.yml": {"sources": draft["sources"]},
    }
    tables = draft.get("tables")
    for table in tables if isinstance(tables, list) else []:
        files[directory / "tables" / f"{table['name']}.yml"] = table
    for file, content in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(
            content, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
        )
        if file.name == "catalog.yml" and isinstance(notes, list):
            header = "".join(f"# TODO {note}\n" for note in notes)
            text = f"# Drafted by `perimeter catalog draft`; see docs/catalog.md.\n{header}{text}"
        file.write_text(text, encoding="utf-8")
    return list(files)
