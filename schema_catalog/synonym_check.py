"""Synonym collisions: one word naming several unrelated things in the catalog.

Collisions are normal in real catalogs ("email" is a channel and an event table) and they drive
the planner's accuracy: it must guess or ask. The check lists each such word with what it names,
as a warning, so the catalog's author sees them. ``perimeter catalog check`` runs it beside the
consistency checks; it is not one of them (a collision is a fact of the business, not an error
in the catalog), so ``check_catalog`` stays empty on a sound catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from languages import say
from schema_catalog.issues import Issue, Severity, worded_issue
from schema_catalog.model import Catalog


def synonym_targets(catalog: Catalog) -> dict[str, set[str]]:
    """Every synonym word and allowed value (lower case) → what it names: ``table``,
    ``table.column``,
    ``table.column=value``, ``indicator:name``, ``indicator:name=value``, ``channel:name``."""
    found: dict[str, set[str]] = {}

    def add(words: Iterable[str], target: str) -> None:
        for word in words:
            found.setdefault(word.strip().lower(), set()).add(target)

    internal = _internal_columns(catalog)
    for table in catalog.tables:
        add(table.synonyms, table.name)
        for column in table.columns:
            if (table.name, column.name) in internal:
                continue
            add(column.synonyms, f"{table.name}.{column.name}")
            for value in column.allowed_values or ():  # a value is a word for itself
                add([value], f"{table.name}.{column.name}={value}")
            for value, words in column.value_synonyms.items():
                add(words, f"{table.name}.{column.name}={value}")
    for indicator in catalog.indicators:
        add(indicator.synonyms, f"indicator:{indicator.name}")
        for value, words in indicator.value_synonyms.items():
            add(words, f"indicator:{indicator.name}={value}")
    for channel in catalog.channels:
        add(channel.synonyms, f"channel:{channel.name}")
    return found


def _internal_columns(catalog: Catalog) -> set[tuple[str, str]]:
    """Columns whose words belong to something else: a snapshot indicator's value column (the
    indicator's words) and the suppression list's channel column (the channels' words)."""
    internal = {
        (str(indicator.table), indicator.value_column)
        for indicator in catalog.indicators
        if indicator.table
    }
    suppression = catalog.suppression
    if suppression is not None and suppression.channel_column is not None:
        internal.add((suppression.table, suppression.channel_column))
    return internal


def _unrelated(targets: set[str]) -> list[str]:
    """Targets that are not a table/column above another target of the set; the same value of
    the same column in several event tables (``orders.category=shoes``,
    ``page_views.category=shoes``) counts once: the event is told apart by the rest of the
    request."""
    lowest = [
        t for t in targets if not any(o != t and o.startswith((f"{t}.", f"{t}=")) for o in targets)
    ]
    seen: dict[str, str] = {}
    for target in sorted(lowest):
        column_value = target.split(".", 1)[-1] if "=" in target else target
        seen.setdefault(column_value, target)
    return sorted(seen.values())


def check_synonym_collisions(catalog: Catalog) -> Iterator[Issue]:
    """One word naming several unrelated things: the planner must guess or ask (warning)."""
    for word, targets in sorted(synonym_targets(catalog).items()):
        unrelated = _unrelated(targets)
        if len(unrelated) > 1:
            message = say(
                "synonym_collision", word=word, count=len(unrelated), targets=", ".join(unrelated)
            )
            yield worded_issue(
                "synonym_collision", f"synonyms.{word}", message, say("keep_word_on_one"),
                severity=Severity.WARNING,
            )  # fmt: skip
