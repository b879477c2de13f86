"""A language's name said as a language — after 'in' / 'en' / 'auf', after a verb of preferring,
or after the catalog's word for the language column — is the preferred-language value, not the
country of its people (which a bare demonym still is)."""

from __future__ import annotations

import pytest

from audience.rules import Attribute
from schema_catalog import Catalog
from tests.support.planning import propose


def _values(request: str, catalog: Catalog) -> dict[str, object]:
    rules = propose(request, catalog).rules
    return {node.field: node.value for _, node in rules.walk() if isinstance(node, Attribute)}


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        ("customers whose language is Italian", "it"),
        ("shoppers who want us to write to them in Spanish", "es"),
        ("Belgian customers who'd rather we wrote to them in Dutch", "nl"),
        ("clients dont la langue préférée est l'italien", "it"),
        ("clients belges à qui on écrit en néerlandais", "nl"),
        ("Kunden, deren bevorzugte Sprache Spanisch ist", "es"),
        ("Schweizer Kunden, die lieber auf Französisch angeschrieben werden", "fr"),
    ],
)
def test_language_name_is_the_language(request_: str, code: str, catalog: Catalog) -> None:
    values = _values(request_, catalog)
    assert values.get("customers.preferred_language") == code, values


def test_german_customers_stay_the_country(catalog: Catalog) -> None:
    assert _values("German customers", catalog) == {"customers.country": "DE"}


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        ("cardholders who get their mail in Dutch", "nl"),
        ("porteurs de carte qui préfèrent l'anglais", "en"),
        ("Karteninhaber, die auf Deutsch angeschrieben werden", "de"),
    ],
)
def test_language_names_in_grocery(request_: str, code: str, grocery: Catalog) -> None:
    values = _values(request_, grocery)
    assert values.get("cardholders.preferred_language") == code, values
