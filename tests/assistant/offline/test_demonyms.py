"""A place's people ('Parisians', 'parisiens', 'Pariser') read as that place: the catalog value
is the place, the language pack gives the endings (issue 12, pattern 5: word forms nobody
listed). A word that only looks like one stays unknown."""

from __future__ import annotations

import pytest

from audience.rules import Attribute
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import propose


def attributes(request_text: str, catalog: Catalog) -> set[tuple[str, object]]:
    result = propose(request_text, catalog)
    return {(n.field, n.value) for _, n in result.rules.walk() if isinstance(n, Attribute)}


@pytest.mark.parametrize(
    ("request_text", "city"),
    [
        ("Parisians who bought shoes last summer", "Paris"),
        ("les clientes lyonnaises qui ont acheté en ligne", "Lyon"),
        ("clients marseillais ayant commandé des sacs", "Marseille"),
        ("Pariser Kunden, die Schuhe gekauft haben", "Paris"),
    ],
)
def test_a_places_people_are_that_place(request_text: str, city: str, catalog: Catalog) -> None:
    assert ("customers.city", city) in attributes(request_text, catalog)


def test_another_catalogs_places_work_the_same(grocery: Catalog) -> None:
    assert ("cardholders.home_city", "Lille") in attributes(
        "les porteurs de carte lillois", grocery
    )


def test_an_ending_on_a_word_that_is_no_place_stays_reported(catalog: Catalog) -> None:
    result = propose("VIPs who are keen readers", catalog)
    assert attributes("VIPs who are keen readers", catalog) == {("customers.loyalty_tier", "vip")}
    assert any("readers" in item.phrase and item.rule_path is None for item in result.coverage)


@pytest.mark.parametrize(
    ("request_text", "city"),
    [
        ("Lilloises qui ont acheté des sacs en ligne", "Lille"),
        ("les Niçoises qui n'ont jamais commandé de chaussures", "Nice"),
        ("Frankfurterinnen, die im Laden gekauft haben", "Frankfurt"),
    ],
)
def test_a_places_women_are_women_of_that_place(
    request_text: str, city: str, catalog: Catalog
) -> None:
    # said as the people, the feminine form names women, as 'clientes' does — stated up front
    result = propose(request_text, catalog)
    assert {("customers.city", city), ("customers.gender", "female")} <= attributes(
        request_text, catalog
    )
    assert len(result.assumptions) == 1


def test_a_feminine_ending_that_agrees_with_another_noun_names_no_women(
    catalog: Catalog,
) -> None:
    # 'commandes' is feminine: 'parisiennes' agrees with it and says nothing of the buyers
    assert ("customers.gender", "female") not in attributes(
        "clients avec des commandes parisiennes", catalog
    )


@pytest.mark.parametrize("request_text", ["les clients espagnols", "les clientes espagnoles"])
def test_a_country_people_in_ol_is_that_country(request_text: str, catalog: Catalog) -> None:
    assert ("customers.country", "ES") in attributes(request_text, catalog)


@pytest.fixture(scope="module")
def abroad(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members also have a home city, named as its people say it."""
    home_city = Column(
        name="home_city",
        type=ColumnType.STRING,
        label="Home city",
        description="City the member lives in.",
        allowed_values=("London", "Köln", "München", "Bordeaux", "Nantes", "Manchester"),
    )
    return with_profile_column(cinema, home_city)


@pytest.mark.parametrize(
    ("request_text", "city"),
    [
        ("Londoners who visited last month", "London"),
        ("Mancunians who visited last month", "Manchester"),
        ("les Bordelais venus le mois dernier", "Bordeaux"),
        ("les Nantais venus le mois dernier", "Nantes"),
        ("Kölner, die letzten Monat da waren", "Köln"),
        ("Münchner Mitglieder, die letzten Monat da waren", "München"),
    ],
)
def test_a_demonym_is_any_catalogs_city_by_the_packs_rules(
    request_text: str, city: str, abroad: Catalog
) -> None:
    """The pack's endings, its stem changes ('Münchner': 'n' was 'en') and its irregular
    demonyms ('Bordelais') name whatever city the catalog has — no place is in the code."""
    assert ("moviegoers.home_city", city) in attributes(request_text, abroad)


@pytest.mark.parametrize(
    "request_text",
    ["Münchner Kunden, die im Laden gekauft haben", "des Bordelais inscrits depuis 2024"],
)
def test_the_demo_city_from_its_irregular_demonym(request_text: str, catalog: Catalog) -> None:
    assert {a for a in attributes(request_text, catalog) if a[0] == "customers.city"} in (
        {("customers.city", "Munich")},
        {("customers.city", "Bordeaux")},
    )


@pytest.mark.parametrize(
    "request_text",
    ["Glaswegians who bought shoes", "les Stéphanois qui ont acheté des chaussures"],
)
def test_an_irregular_demonym_of_a_place_the_catalog_lacks_stays_reported(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert not {a for a in attributes(request_text, catalog) if a[0] == "customers.city"}
    assert any(item.rule_path is None for item in result.coverage)
