"""The words ``describe`` uses beyond operator phrases, per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def quote_value(value: Any) -> str:
    """A value as shown to people: text quoted, booleans as yes/no-free literals, numbers as is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_EN_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}
_FR_UNITS = {"day": ("jour", "jours"), "week": ("semaine", "semaines"),
             "month": ("mois", "mois"), "year": ("an", "ans")}  # fmt: skip


def _en_amount(amount: int, unit: str) -> str:
    word = _EN_UNITS.get(unit, unit)
    return f"{amount} {word}" if amount == 1 else f"{amount} {word}s"


def _fr_amount(amount: int, unit: str) -> str:
    one, many = _FR_UNITS.get(unit, (unit, unit))
    return f"{amount} {one if amount == 1 else many}"


@dataclass(frozen=True)
class Words:
    """Templates of one language."""

    people: str
    everyone: str
    all_of: str
    any_of: str
    nothing: str
    negated: str
    and_word: str
    where: str
    count: str
    recency: str
    measure: str
    funcs: dict[str, str]
    keyed: str
    reachable: str
    segment: str
    channel: str
    sample: str
    limit: str
    last: str
    next: str
    between: str
    before: str
    since: str
    unit_en: bool = True

    def amount(self, amount: int, unit: str) -> str:
        """'6 months' / '6 mois'."""
        return _en_amount(amount, unit) if self.unit_en else _fr_amount(amount, unit)


WORDS: dict[str, Words] = {
    "en": Words(
        people="Customers",
        everyone="All {people}",
        all_of="all of",
        any_of="any of",
        nothing="nothing",
        negated="NOT ({text})",
        and_word="and",
        where="where",
        count="{quantity} {event}",
        recency="last {event} {quantity} days ago",
        measure="{func} {measure} of {event} {quantity}",
        funcs={"sum": "total", "avg": "average", "min": "lowest", "max": "highest"},
        keyed="{label} for {key}",
        reachable="reachable by {channel} (consented, with a contact, not suppressed)",
        segment="in saved segment '{name}'",
        channel="Audience for {channel}",
        sample="A deterministic {share}% sample",
        limit="At most {limit}, by {key}",
        last="in the last {amount}",
        next="in the next {amount}",
        between="between {start} and {end}",
        before="before {end}",
        since="since {start}",
    ),
    "fr": Words(
        people="Clients",
        everyone="Tous les {people}",
        all_of="toutes les conditions",
        any_of="au moins une condition",
        nothing="rien",
        negated="NON ({text})",
        and_word="et",
        where="où",
        count="{quantity} {event}",
        recency="dernier {event} il y a {quantity} jours",
        measure="{func} {measure} des {event} : {quantity}",
        funcs={"sum": "total", "avg": "moyenne", "min": "minimum", "max": "maximum"},
        keyed="{label} pour {key}",
        reachable="joignable par {channel} (consentement, contact, non exclu)",
        segment="dans le segment enregistré « {name} »",
        channel="Audience pour {channel}",
        sample="Un échantillon déterministe de {share} %",
        limit="Au plus {limit}, par {key}",
        last="sur une période de {amount}",
        next="dans les {amount} à venir",
        between="entre le {start} et le {end}",
        before="avant le {end}",
        since="depuis le {start}",
        unit_en=False,
    ),
}
"""Language code → its words."""
