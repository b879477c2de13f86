"""Every phrase a catalog gives its objects — names, labels in each language, synonyms, values
and value synonyms — each with the sense it stands for."""

from __future__ import annotations

from assistant.offline.senses import Sense, SenseKind, phrase_key
from schema_catalog import Catalog, Column, ColumnType, Indicator, Table, TableKind


def catalog_phrases(catalog: Catalog) -> list[tuple[str, Sense]]:
    """(phrase, sense) for every object of ``catalog`` a request may name."""
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
    # The business's own name ('customers of Onda', 'stuff on Onda') says whose people, nothing
    # more: read, no rule.
    brand = catalog.name.replace("_", " ")
    names = (profile.label, profile.people(), *profile.labels.values(), brand)
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
    if table.kind is TableKind.PROFILE and column.name == table.key:
        subject = Sense(SenseKind.SUBJECT, table=table.name)  # 'cards': one profile per card
        return [(name, subject) for name in (*column.synonyms, *_labels(column))]
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


def column_words(catalog: Catalog) -> dict[str, frozenset[str]]:
    """``table.column`` → every word of the column's names (its name, labels and synonyms): what
    a request may say of a column without naming it in full ('attached' for 'attached store')."""
    return {
        f"{table.name}.{column.name}": frozenset(
            word
            for name in (column.name.replace("_", " "), *column.synonyms, *_labels(column))
            for word in phrase_key(name)
        )
        for table in catalog.tables
        for column in table.columns
    }


def described_words(catalog: Catalog) -> dict[str, frozenset[str]]:
    """``table.column`` → the words of its names and of its description ('City of residence')."""
    names = column_words(catalog)
    return {
        f"{table.name}.{column.name}": names[f"{table.name}.{column.name}"]
        | frozenset(phrase_key(column.description or ""))
        for table in catalog.tables
        for column in table.columns
    }
