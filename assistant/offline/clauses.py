"""Fourth pass: what a later clause borrows from an earlier one.

'clicked an email in the last 30 days but haven't purchased since', 'looked at handbags online in
the last 2 weeks but didn't buy any': a negated behaviour with no time of its own, after an
earlier behaviour that has one, happens in that window ('since' says so; without it the reading is
an assumption, shown to the user). A word pointing back at the earlier object ('any', 'it',
'them') lends that behaviour's product filters — the ones the new event can hold — and never its
other modifiers ('online' stays on the viewing). 'never' borrows nothing.
"""

from __future__ import annotations

from datetime import timedelta

from assistant.language import Role
from assistant.offline.draft import Anchor, Draft
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import SpanKind
from assistant.offline.timespec import TimeSpec
from audience.rules import Window, WindowKind
from schema_catalog import Catalog


def _borrowers(draft: Draft) -> list[Anchor]:
    """Negated behaviours with no time of their own, and any behaviour whose time points back
    at an earlier period itself ('or complained about billing in that same period')."""
    return [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT
        and (a.negate or _same_period(a))
        and not a.never
        and (a.time is None or a.time.anaphoric)
        and a.lapse is None
    ]


def _same_period(anchor: Anchor) -> bool:
    return anchor.time is not None and anchor.time.same_period


def _lender(draft: Draft, borrower: Anchor) -> Anchor | None:
    """The dated behaviour before ``borrower`` in an earlier clause ('that time' points back
    within its own clause too)."""
    same = _same_period(borrower)
    earlier = [
        a
        for a in draft.anchors
        if a.kind is SenseKind.EVENT
        and a.position < borrower.position
        and (a.clause < borrower.clause or (same and a.clause == borrower.clause))
        and not a.negate
        and a.time is not None
        and a.time.window is not None
    ]
    return max(earlier, key=lambda a: a.position) if earlier else None


def _clause_roles(draft: Draft, clause: int, role: Role) -> bool:
    return any(m.clause == clause and m.has(role) for m in draft.mentions)


def _contrast_between(draft: Draft, lender: Anchor, borrower: Anchor) -> bool:
    between = draft.mentions[lender.position + 1 : borrower.position]
    return any(m.kind is SpanKind.CONNECTOR and m.span.connector is not None for m in between)


def lend_across_clauses(draft: Draft, catalog: Catalog) -> None:
    """Give negated behaviours the time (and, after 'any'/'it', the product) they point back to."""
    for borrower in _borrowers(draft):
        lender = _lender(draft, borrower)
        same = _same_period(borrower)
        if lender is None or not (same or _contrast_between(draft, lender, borrower)):
            continue
        anaphoric = borrower.time is not None and borrower.time.anaphoric
        after = anaphoric and not same and after_window(lender.time)
        borrower.time = after or lender.time
        if not anaphoric:
            text = next((m.text for m in lender.mentions if m.kind is SpanKind.TIME), "")
            phrase = " ".join(m.text for m in borrower.mentions[:1])
            borrower.notes.append(draft.pack.say("assume_lent_time", phrase=phrase, time=text))
        if _clause_roles(draft, borrower.clause, Role.OBJECT_ANAPHORA):
            _lend_filters(lender.filters, borrower, catalog)
    _lend_objects(draft, catalog)


def _lend_objects(draft: Draft, catalog: Catalog) -> None:
    """'pet food buyers from last year who haven't bought any this year', 'an appetite for bags
    but never bought any': a word pointing back at the earlier object lends its product even
    when the negated behaviour has its own time or none — from a behaviour or from an
    indicator's key — not when it is the determiner of a noun of its own ('any order')."""
    for borrower in draft.anchors:
        if borrower.kind is not SenseKind.EVENT or not borrower.negate:
            continue
        if not _points_back(draft, borrower.clause):
            continue
        earlier = [
            a
            for a in draft.anchors
            if a.kind in _LENDERS and a.clause < borrower.clause and not a.negate
        ]
        if earlier:
            lender = max(earlier, key=lambda a: a.position)
            _lend_filters(_objects(lender, catalog), borrower, catalog)


_LENDERS = (SenseKind.EVENT, SenseKind.INDICATOR)


def _objects(lender: Anchor, catalog: Catalog) -> dict[str, list[str]]:
    """The product values an anchor names: a behaviour's filters, an indicator's key."""
    if lender.kind is SenseKind.EVENT:
        return lender.filters
    dimension = catalog.indicator(lender.sense.indicator or "").dimension
    if dimension is None:
        return {}
    keys = [v for v in lender.values if v in dimension.allowed_values]
    return {dimension.column: keys} if keys else {}


def _points_back(draft: Draft, clause: int) -> bool:
    """An object anaphora of ``clause`` standing alone, not before a catalog term — unless it
    is a pronoun that never goes with a noun ('noch nie welche gekauft')."""
    mentions = draft.mentions
    return any(
        m.clause == clause
        and m.has(Role.OBJECT_ANAPHORA)
        and (
            m.has(Role.OBJECT_PRONOUN)
            or i + 1 >= len(mentions)
            or mentions[i + 1].kind is not SpanKind.TERM
        )
        for i, m in enumerate(mentions)
    )


def after_window(spec: TimeSpec | None) -> TimeSpec | None:
    """'bought in December 2025 but not since': 'since' a closed period is from the day after
    it ends (since 'more than 90 days ago', from that day); since a rolling window ('in the last 30
    days') it is that window."""
    window = spec.window if spec is not None else None
    if window is not None and window.type is WindowKind.BEFORE and window.end is not None:
        return TimeSpec(window=Window(type=WindowKind.SINCE, start=window.end))
    if window is None or window.type is not WindowKind.BETWEEN or window.end is None:
        return None
    return TimeSpec(window=Window(type=WindowKind.SINCE, start=window.end + timedelta(days=1)))


def _lend_filters(filters: dict[str, list[str]], borrower: Anchor, catalog: Catalog) -> None:
    """Copy the lender's filters whose column and value the borrower's event also has."""
    table = catalog.table(borrower.sense.table or "")
    for column, values in filters.items():
        if column in borrower.filters or not table.has_column(column):
            continue
        allowed = table.column(column).allowed_values
        kept = [v for v in values if allowed is None or v in allowed]
        if kept and column in table.dimensions:
            borrower.filters[column] = list(kept)
