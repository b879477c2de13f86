"""A language's speakers ('Spanish speakers', 'spanischsprachige Kunden') are the people who
prefer that language — not the people of the country the adjective also names."""

from __future__ import annotations

import pytest

from audience.rules import Attribute
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import propose


def _attributes(request_text: str, catalog: Catalog) -> set[tuple[str, object]]:
    result = propose(request_text, catalog)
    return {(n.field, n.value) for _, n in result.rules.walk() if isinstance(n, Attribute)}


@pytest.mark.parametrize(
    "request_text", ["Spanish speakers", "spanischsprachige Kunden", "les clients hispanophones"]
)
def test_speakers_of_a_language_prefer_it(request_text: str, catalog: Catalog) -> None:
    assert _attributes(request_text, catalog) == {("customers.preferred_language", "es")}


def test_the_countrys_people_are_still_the_country(catalog: Catalog) -> None:
    assert _attributes("Spanish customers", catalog) == {("customers.country", "ES")}


def test_speakers_on_another_catalog() -> None:
    telecom = get_domain("telecom").load_catalog()
    assert ("accounts.preferred_language", "en") in _attributes(
        "English speakers in Bretagne", telecom
    )
