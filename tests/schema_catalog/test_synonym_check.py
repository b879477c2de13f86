"""Synonym collisions: each word naming several unrelated things, listed word → targets."""

from __future__ import annotations

from schema_catalog import Catalog, Severity, check_catalog, check_synonym_collisions

DEMO_COLLISIONS = {
    "browsed", "courriel", "e-mail", "email", "mail", "mobile", "mobile app", "newsletter",
    "app", "category", "search", "de", "es", "fr", "it", "luxembourg",
    *(city.lower() for city in (
        "Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Bordeaux", "Lille",
        "Strasbourg", "Montpellier", "Rennes", "Brussels", "Antwerp", "Liège", "Geneva",
        "Lausanne", "Zurich", "Barcelona", "Madrid", "Milan", "Turin", "Frankfurt", "Munich",
    )),
}  # fmt: skip
"""Words the demo catalog gives to two unrelated things (the planner asks or decides by context):
a city of residence is also a store city, a country code also a language code."""


def _words(catalog: Catalog) -> dict[str, str]:
    return {
        issue.path.removeprefix("synonyms."): issue.message
        for issue in check_synonym_collisions(catalog)
    }


def test_demo_collisions_are_listed_word_by_word(catalog: Catalog) -> None:
    issues = list(check_synonym_collisions(catalog))
    assert {issue.path.removeprefix("synonyms.") for issue in issues} == DEMO_COLLISIONS
    assert {issue.code for issue in issues} == {"synonym_collision"}
    assert all(issue.severity is Severity.WARNING for issue in issues)
    email = _words(catalog)["email"]
    for target in ("channel:email", "email_events", "web_sessions.traffic_source=email"):
        assert target in email


def test_collisions_are_not_catalog_errors(catalog: Catalog) -> None:
    assert check_catalog(catalog) == []


def test_one_value_in_two_event_tables_is_not_a_collision(catalog: Catalog) -> None:
    assert "shoes" not in _words(catalog)  # orders.category and page_views.category


def test_suppression_channels_and_snapshot_values_are_not_collisions(catalog: Catalog) -> None:
    assert not {"sms", "push", "high"} & set(_words(catalog))


def test_a_new_collision_is_reported(catalog: Catalog) -> None:
    city = catalog.table("customers").column("city").model_copy(update={"synonyms": ("tier",)})
    customers = catalog.table("customers")
    columns = tuple(city if c.name == "city" else c for c in customers.columns)
    tables = tuple(
        t.model_copy(update={"columns": columns}) if t.name == "customers" else t
        for t in catalog.tables
    )
    changed = catalog.model_copy(update={"tables": tables})
    assert "customers.city" in _words(changed)["tier"]
    assert "customers.loyalty_tier" in _words(changed)["tier"]


def test_the_clinics_collisions(vet_draft: Catalog) -> None:
    assert set(_words(vet_draft)) == {"checkup", "dental", "grooming", "surgery", "vaccination"}
