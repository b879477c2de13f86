"""'customers since 2019', 'clientes depuis mars 2021', 'Kunden seit 2019', 'been with us since
2020': a period named after 'since' right after the people dates when they joined — within
that period, and the proposal says so; after a behaviour it stays that behaviour's window."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, WindowKind
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    ("request_text", "start", "end"),
    [
        ("members since 2018", "2018-01-01", "2018-12-31"),
        ("clientes depuis mars 2021", "2021-03-01", "2021-03-31"),
        ("Kunden seit 2018", "2018-01-01", "2018-12-31"),
        ("shoppers who have been with us since 2018", "2018-01-01", "2018-12-31"),
    ],
)
def test_a_period_after_since_dates_the_join(
    request_text: str, start: str, end: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    joined = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    (signup,) = [a for a in joined if a.field == "customers.signup_date"]
    assert [str(v) for v in signup.value] == [start, end]  # type: ignore[union-attr]
    assert len(result.assumptions) == 1 + ("clientes" in request_text)


def test_on_another_catalog(telecom: Catalog) -> None:
    result = propose("subscribers since 2021", telecom)
    (since,) = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert since.field.endswith(".customer_since")


def test_after_a_behaviour_since_stays_its_window(catalog: Catalog) -> None:
    (behavior,) = [
        n
        for _, n in propose("shoppers who ordered since 2025", catalog).rules.walk()
        if isinstance(n, Behavior)
    ]
    assert behavior.window is not None and behavior.window.type is WindowKind.SINCE


@pytest.mark.parametrize(
    "request_text",
    [
        "Abonnenten, die im Oktober 2025 zu uns gekommen sind",
        "Kunden, die im Oktober 2025 Kunde geworden sind",
        "abonnés qui nous ont rejoints en octobre 2025",
        "abonnées arrivées chez nous en octobre 2025",
    ],
)
def test_words_of_joining_date_the_join(request_text: str, telecom: Catalog) -> None:
    """'zu uns gekommen', 'Kunde geworden', 'nous ont rejoints', 'arrivés chez nous' say they
    joined: the period dates when (the glossary maps them to 'joined')."""
    result = propose(request_text, telecom)
    (since,) = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert since.field.endswith(".customer_since")
    assert [str(v) for v in since.value] == ["2025-10-01", "2025-10-31"]  # type: ignore[union-attr]
