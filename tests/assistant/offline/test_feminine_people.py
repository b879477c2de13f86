"""A people noun in its feminine form ('les clientes', 'Kundinnen') reads as women, with the
reading stated; the masculine plural is everyone, a request naming the column itself keeps its
own value, and a catalog with no value for women reads the word as everyone."""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import propose


def _genders(result: Proposal) -> list[object]:
    return [
        n.value
        for _, n in result.rules.walk()
        if isinstance(n, Attribute) and n.field == "customers.gender"
    ]


@pytest.mark.parametrize(
    "request_text",
    ["les clientes VIP de Bordeaux", "abonnées VIP à Lyon", "Kundinnen in Lyon mit VIP-Status"],
)
def test_a_feminine_people_noun_reads_as_women_and_says_so(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert _genders(result) == ["female"]
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    "request_text", ["les clients VIP de Bordeaux", "Kunden in Lyon mit VIP-Status"]
)
def test_the_masculine_plural_is_everyone(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    assert _genders(result) == [] and result.assumptions == ()


@pytest.mark.parametrize(
    "request_text",
    [
        "les clientes et clients VIP de Bordeaux",
        "clients ou clientes VIP à Lyon",
        "alle Kundinnen und Kunden in Lyon mit VIP-Status",
        "Kunden/Kundinnen in Lyon mit VIP-Status",
        "KundInnen in Lyon mit VIP-Status",
        "Nutzerinnen und Nutzer in Lyon mit VIP-Status",
    ],
)
def test_the_feminine_form_beside_the_general_one_is_everyone(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert _genders(result) == [] and result.assumptions == ()
    fields = {n.field for _, n in result.rules.walk() if isinstance(n, Attribute)}
    assert fields == {"customers.city", "customers.loyalty_tier"}


def test_another_people_noun_beside_the_feminine_one_keeps_women(catalog: Catalog) -> None:
    assert _genders(propose("Kundinnen und Mitglieder in Lyon", catalog)) == ["female"]


def test_a_request_naming_the_column_keeps_its_value(catalog: Catalog) -> None:
    assert _genders(propose("clientes hommes à Paris", catalog)) == ["male"]


def test_a_catalog_without_a_value_for_women_reads_everyone() -> None:
    telecom = get_domain("telecom").load_catalog()
    result = propose("les abonnées de Bretagne", telecom)
    assert result.assumptions == ()
    assert [n.field for _, n in result.rules.walk() if isinstance(n, Attribute)] == [
        "accounts.region"
    ]
