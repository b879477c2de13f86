"""A verb of ending next to a time dates the end of what its clause names; 'last' before a
table dates its last-seen instant.

'a 12-month commitment that runs out in the next 30 days', 'un engagement qui se termine en
avril', 'ein Vertrag, der im April ausläuft': the time is neither when the contract was signed
nor when the row was written, but the date the catalog labels as an end — the one date column
of the named table whose label or synonyms hold an end word of a language pack ('Commitment
end', 'Expiry date'). 'whose last app open was over 60 days ago', 'deren letzter Login mehr als
60 Tage zurückliegt': the one date column of the table whose label or synonyms hold a word for
'last' ('last seen', 'dernière connexion'). With no such column, or several, nothing is read and
the words are reported as not read. 'haven't opened the app in over 3 months', 'die App … nicht
geöffnet': a verb that is a word of that last-seen date, in the clause of its table with a time,
dates that instant too.
"""

from __future__ import annotations

from assistant.language import Role, all_packs, fold
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import Sense, SenseKind, phrase_key
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog, Column, ColumnType, Table

_DATES = frozenset({ColumnType.DATE, ColumnType.TIMESTAMP})
_NAMED = frozenset({SenseKind.EVENT, SenseKind.VALUE, SenseKind.COLUMN, SenseKind.TABLE})
NEAR = 4
"""How many words before an end verb the thing that ends may stand ('contract, which ends')."""


def _says(column: Column, role: Role) -> bool:
    """Whether a word of ``column``'s label, labels or synonyms is a ``role`` word of a pack."""
    return any(pack.is_word(role, word) for pack in all_packs() for word in column_words(column))


def dated_by(table: Table, role: Role) -> str | None:
    """The one date column of ``table`` labelled with a ``role`` word ('Commitment end' for
    an end, 'last seen' for the last time), else None."""
    found = [c.name for c in table.columns if c.type in _DATES and _says(c, role)]
    return found[0] if len(found) == 1 else None


def _timed(draft: Draft, index: int) -> bool:
    """A time phrase right before or after the word at ``index``."""
    around = draft.mentions[max(index - 1, 0) : index + 2]
    return any(m.kind is SpanKind.TIME for m in around if m is not draft.mentions[index])


def _named_before(draft: Draft, index: int) -> Anchor | None:
    close = [a for a in draft.anchors if a.kind in _NAMED and 0 < index - a.position <= NEAR]
    return max(close, key=lambda a: a.position) if close else None


def date_ends(draft: Draft, catalog: Catalog) -> None:
    """Pass: an end verb next to a time dates the end column of what it follows."""
    for index, mention in enumerate(draft.mentions):
        if mention.used or not mention.has(Role.END_VERBS) or not _timed(draft, index):
            continue
        anchor = _named_before(draft, index)
        if anchor is None:
            _end_by_name(draft, index, catalog)
            continue
        table = catalog.table(anchor.sense.table) if anchor.sense.table else None
        column = dated_by(table, Role.END_WORDS) if table else None
        if table is None or column is None:
            continue
        if anchor.kind is SenseKind.EVENT:
            anchor.date_column = None if column == table.timestamp else column
            draft.attach(anchor, mention)
        elif anchor.kind is SenseKind.COLUMN and (anchor.sense.column == column or _bare(anchor)):
            anchor.sense = Sense(SenseKind.COLUMN, table=table.name, column=column)
            draft.attach(anchor, mention)  # 'whose contract ends in April': the contract's end
        else:
            draft.add(Sense(SenseKind.COLUMN, table=table.name, column=column), index, mention)


def _end_by_name(draft: Draft, index: int, catalog: Catalog) -> None:
    """'l'engagement se termine le mois prochain', 'deren Tarif nächsten Monat endet', with no
    rule before the verb: a word just before it (a time may stand between) names the one end
    date whose label holds that word ('Fin d'engagement', 'Tarif-Ende')."""
    verb = draft.mentions[index]
    for position in range(index - 1, max(index - NEAR, 0) - 1, -1):
        before = draft.mentions[position]
        if before.clause != verb.clause or before.used:
            return
        if before.kind is SpanKind.TIME:
            continue
        found = _end_dates_named(catalog, draft, before)
        if len(found) == 1:
            table, column = found[0]
            sense = Sense(SenseKind.COLUMN, table=table.name, column=column.name)
            anchor = draft.add(sense, position, before)
            draft.attach(anchor, verb)
        return


def _end_dates_named(
    catalog: Catalog, draft: Draft, mention: Mention
) -> list[tuple[Table, Column]]:
    said = {fold(w) for w in mention.words if not draft.pack.is_word(Role.FUNCTION, w)}
    return [
        (table, column)
        for table in catalog.tables
        for column in table.columns
        if column.type in _DATES and _says(column, Role.END_WORDS) and said & column_words(column)
    ]


def column_words(column: Column) -> set[str]:
    """Every word of ``column``'s label, labels and synonyms, folded."""
    names = (column.label, *column.labels.values(), *column.synonyms)
    return {fold(word) for name in names if name for word in phrase_key(name)}


def _bare(anchor: Anchor) -> bool:
    """A column named with nothing said about it ('contract' in 'whose contract ends')."""
    return not anchor.values and anchor.time is None and anchor.quantity is None


def absorb_named(draft: Draft, anchor: Anchor, catalog: Catalog, index: int) -> None:
    """A word right after ``index`` that the anchor's column is named with ('Login' after
    'letzter', the column being 'last login') is part of its phrase, not a word left unread."""
    following = draft.mentions[index + 1] if index + 1 < len(draft.mentions) else None
    if following is None or following.used or following.kind is not SpanKind.UNKNOWN:
        return
    _table, column = catalog.column(anchor.sense.target)
    names = (column.label, *column.labels.values(), *column.synonyms)
    words = {fold(word) for name in names if name for word in phrase_key(name)}
    if {fold(word) for word in following.words} <= words:
        draft.attach(anchor, following)


def last_seen(anchor: Anchor, catalog: Catalog) -> bool:
    """'last app open', 'letzter Login' on a table of attributes: the anchor becomes the table's
    one date labelled with 'last' ('last seen'); False when it has none, or several."""
    if anchor.kind is not SenseKind.TABLE or not anchor.sense.table:
        return False
    column = dated_by(catalog.table(anchor.sense.table), Role.RECENCY)
    if column is None:
        return False
    anchor.sense = Sense(SenseKind.COLUMN, table=anchor.sense.table, column=column)
    return True


def date_seen_verbs(draft: Draft, catalog: Catalog) -> None:
    """Pass: a table named with a time, next to a verb that is a word of the table's one
    last-seen date ('opened' of 'last opened'), is that date ('haven't opened the app in over
    3 months': when the app was last opened)."""
    for anchor in list(draft.anchors):
        if anchor.kind is not SenseKind.TABLE or not anchor.sense.table:
            continue
        table = catalog.table(anchor.sense.table)
        column = dated_by(table, Role.RECENCY)
        verb = _seen_verb(draft, anchor, table.column(column)) if column else None
        if column is None or verb is None or not _clause_timed(draft, anchor.clause):
            continue
        anchor.sense = Sense(SenseKind.COLUMN, table=table.name, column=column)
        draft.attach(anchor, verb)


def _seen_verb(draft: Draft, anchor: Anchor, column: Column) -> Mention | None:
    """An unread word of ``anchor``'s clause, near it, whose every content word names
    ``column`` (and is no word for 'last': that is the recency cue's own reading)."""
    names = column_words(column)
    for mention in draft.mentions[max(anchor.position - NEAR, 0) : anchor.position + NEAR + 1]:
        if mention.used or mention.clause != anchor.clause:
            continue
        if mention.kind not in {SpanKind.UNKNOWN, SpanKind.WORD} or mention.has(Role.RECENCY):
            continue
        said = {fold(w) for w in mention.words if not draft.pack.is_word(Role.FUNCTION, w)}
        if said and said <= names:
            return mention
    return None


def _clause_timed(draft: Draft, clause: int) -> bool:
    return any(m.kind is SpanKind.TIME and m.clause == clause for m in draft.mentions)
