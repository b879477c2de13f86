"""Catalog consistency checks: one broken catalog per defect class, asserting code and path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from languages import word
from schema_catalog import DEMO_CATALOG_DIR, Issue, Severity, load_catalog
from schema_catalog.checks import DEFAULT_CHECKS, check_catalog
from schema_catalog.model import (
    Cadence,
    Catalog,
    Channel,
    ColumnType,
    Join,
    Profile,
    Scale,
    Suppression,
)
from tests.support.catalogs import with_column, with_indicator, with_table


def _found(catalog: Catalog) -> set[tuple[str, str]]:
    return {(issue.code, issue.path) for issue in check_catalog(catalog)}


def test_the_demo_catalog_is_clean(catalog: Catalog) -> None:
    assert check_catalog(catalog) == []


def test_unknown_join_target(catalog: Catalog) -> None:
    broken = with_table(catalog, "orders", join=Join(column="customer_id", to_table="shoppers"))
    assert ("unknown_join_target", "tables.orders.join.to_table") in _found(broken)


def test_unknown_join_column(catalog: Catalog) -> None:
    broken = with_table(catalog, "orders", join=Join(column="client_id"))
    assert ("unknown_join_column", "tables.orders.join.column") in _found(broken)


def test_missing_join(catalog: Catalog) -> None:
    assert ("missing_join", "tables.orders.join") in _found(
        with_table(catalog, "orders", join=None)
    )


def test_duplicate_table_name(catalog: Catalog) -> None:
    broken = catalog.model_copy(update={"tables": (*catalog.tables, catalog.table("orders"))})
    assert ("duplicate_name", "tables.orders") in _found(broken)


def test_duplicate_column_name(catalog: Catalog) -> None:
    orders = catalog.table("orders")
    broken = with_table(catalog, "orders", columns=(*orders.columns, orders.column("amount")))
    assert ("duplicate_name", "tables.orders.columns.amount") in _found(broken)


def test_duplicate_indicator_and_source_names(catalog: Catalog) -> None:
    broken = catalog.model_copy(
        update={
            "indicators": (*catalog.indicators, catalog.indicator("age")),
            "sources": (*catalog.sources, catalog.source("pos")),
        }
    )
    assert {("duplicate_name", "indicators.age"), ("duplicate_name", "sources.pos")} <= _found(
        broken
    )


def test_allowed_values_on_non_categorical_column(catalog: Catalog) -> None:
    broken = with_column(catalog, "orders", "amount", allowed_values=("10", "20"))
    assert ("allowed_values_on_non_categorical", "tables.orders.columns.amount.allowed_values") in (
        _found(broken)
    )


def test_value_synonyms_for_an_unlisted_value_warn(catalog: Catalog) -> None:
    gender = catalog.table("customers").column("gender")
    synonyms = {**gender.value_synonyms, "unknown": ("n/a",)}
    issues = check_catalog(with_column(catalog, "customers", "gender", value_synonyms=synonyms))
    assert [(i.code, i.path, i.severity) for i in issues] == [
        (
            "unknown_value_synonym",
            "tables.customers.columns.gender.value_synonyms.unknown",
            Severity.WARNING,
        )
    ]


def test_indicator_sql_with_unknown_column(catalog: Catalog) -> None:
    sql = catalog.indicator("active_customer").sql
    assert sql is not None
    broken = with_indicator(
        catalog, "active_customer", sql=sql.replace("ordered_at >=", "orderd_at >=")
    )
    assert _found(broken) == {("indicator_unknown_column", "indicators.active_customer.sql")}


def test_indicator_sql_with_unknown_qualified_column(catalog: Catalog) -> None:
    sql = "SELECT c.customer_id, c.shoe_size AS value FROM customers AS c"
    broken = with_indicator(catalog, "age", sql=sql)
    assert ("indicator_unknown_column", "indicators.age.sql") in _found(broken)


def test_indicator_sql_with_unknown_table(catalog: Catalog) -> None:
    sql = "SELECT customer_id, TRUE AS value FROM purchases WHERE bought_at < :as_of"
    broken = with_indicator(catalog, "active_customer", sql=sql)
    assert _found(broken) == {("indicator_unknown_table", "indicators.active_customer.sql")}


def test_indicator_sql_that_does_not_parse(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "age", sql="SELECT customer_id, FROM WHERE (")
    assert ("indicator_sql_invalid", "indicators.age.sql") in _found(broken)


def test_indicator_sql_must_return_key_and_value(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "age", sql="SELECT customer_id, 1 AS years FROM customers")
    assert _found(broken) == {("indicator_sql_missing_output", "indicators.age.sql")}


@pytest.mark.parametrize(
    ("sql", "code"),
    [
        ("SELECT customer_id, FROM WHERE (", "indicator_sql_invalid"),
        ("SELECT customer_id, TRUE AS value FROM purchases", "indicator_unknown_table"),
        ("SELECT c.customer_id, c.shoe AS value FROM customers AS c", "indicator_unknown_column"),
        ("SELECT customer_id, 1 AS years FROM customers", "indicator_sql_missing_output"),
    ],
)
def test_indicator_sql_issues_are_worded(catalog: Catalog, sql: str, code: str) -> None:
    """The Catalog page says an indicator's SQL problem in its language (English kept)."""
    issues = [i for i in check_catalog(with_indicator(catalog, "age", sql=sql)) if i.code == code]
    assert issues
    for issue in issues:
        assert issue.wording is not None and issue.message == word(issue.wording)
        assert word(issue.wording, "fr") != issue.message != word(issue.wording, "de")


def test_indicator_sql_may_use_ctes_and_subqueries(catalog: Catalog) -> None:
    sql = (
        "WITH recent AS (SELECT customer_id, amount FROM orders WHERE ordered_at < :as_of) "
        "SELECT r.customer_id, sum(r.amount) AS value FROM recent AS r "
        "WHERE r.customer_id IN (SELECT customer_id FROM customers) GROUP BY r.customer_id"
    )
    assert check_catalog(with_indicator(catalog, "age", sql=sql)) == []


def test_dynamic_indicator_without_sql(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "age", sql=None)
    assert ("indicator_missing_sql", "indicators.age.sql") in _found(broken)


def test_snapshot_with_unknown_value_column(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "churn_risk", value_column="risk_band")
    assert _found(broken) == {("indicator_unknown_column", "indicators.churn_risk.value_column")}


def test_snapshot_with_unknown_table(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "churn_risk", table="churn_scores")
    assert ("indicator_unknown_table", "indicators.churn_risk.table") in _found(broken)


def test_snapshot_with_unknown_dimension_column(catalog: Catalog) -> None:
    appetite = catalog.indicator("category_appetite")
    assert appetite.dimension is not None
    dimension = appetite.dimension.model_copy(update={"column": "product_category"})
    broken = with_indicator(catalog, "category_appetite", dimension=dimension)
    assert ("indicator_unknown_column", "indicators.category_appetite.dimension.column") in _found(
        broken
    )


def test_snapshot_cadence_faster_than_its_sources(catalog: Catalog) -> None:
    broken = with_indicator(
        catalog, "predicted_value", cadence=Cadence.HOURLY, sources=("pos", "crm")
    )
    assert _found(broken) == {("snapshot_cadence_too_fast", "indicators.predicted_value.cadence")}


def test_snapshot_cadence_matching_its_fastest_source_is_fine(catalog: Catalog) -> None:
    ok = with_indicator(catalog, "predicted_value", cadence=Cadence.HOURLY)  # ecommerce: hourly
    assert check_catalog(ok) == []


def test_category_indicator_without_allowed_values(catalog: Catalog) -> None:
    broken = with_indicator(catalog, "churn_risk", allowed_values=None)
    assert ("indicator_missing_allowed_values", "indicators.churn_risk.allowed_values") in _found(
        broken
    )


def test_unknown_source_name(catalog: Catalog) -> None:
    broken = with_table(catalog, "orders", sources=("pos", "erp"))
    assert _found(broken) == {("unknown_source", "tables.orders.sources")}


def test_event_table_without_timestamp(catalog: Catalog) -> None:
    broken = with_table(catalog, "orders", timestamp=None)
    assert _found(broken) == {("event_missing_timestamp", "tables.orders.timestamp")}


def test_event_timestamp_that_is_not_a_column_or_not_temporal(catalog: Catalog) -> None:
    assert ("unknown_timestamp_column", "tables.orders.timestamp") in _found(
        with_table(catalog, "orders", timestamp="placed_at")
    )
    assert ("timestamp_not_temporal", "tables.orders.timestamp") in _found(
        with_table(catalog, "orders", timestamp="channel")
    )


def test_event_dimensions_and_measures_must_be_columns(catalog: Catalog) -> None:
    broken = with_table(
        catalog, "orders", dimensions=("channel", "brand"), measures=("amount", "margin")
    )
    assert _found(broken) == {
        ("unknown_dimension", "tables.orders.dimensions"),
        ("unknown_measure", "tables.orders.measures"),
    }


def test_measure_must_be_numeric(catalog: Catalog) -> None:
    broken = with_table(catalog, "orders", measures=("amount", "category"))
    assert _found(broken) == {("measure_not_numeric", "tables.orders.measures")}


def test_channel_with_unknown_consent_or_contact_column(catalog: Catalog) -> None:
    email = catalog.channel("email")
    channels = tuple(
        Channel(name=c.name, label=c.label, consent="consents.mail_optin", contact="customers.mail")
        if c.name == email.name
        else c
        for c in catalog.channels
    )
    assert _found(catalog.model_copy(update={"channels": channels})) == {
        ("unknown_channel_column", "channels.email.consent"),
        ("unknown_channel_column", "channels.email.contact"),
    }


def test_channel_consent_must_be_boolean(catalog: Catalog) -> None:
    channels = tuple(
        c.model_copy(update={"consent": "customers.email"}) if c.name == "sms" else c
        for c in catalog.channels
    )
    assert _found(catalog.model_copy(update={"channels": channels})) == {
        ("consent_not_boolean", "channels.sms.consent")
    }


def test_unknown_suppression_table_and_column(catalog: Catalog) -> None:
    assert _found(catalog.model_copy(update={"suppression": Suppression(table="blocklist")})) == {
        ("unknown_suppression_table", "suppression.table")
    }
    odd_column = Suppression(table="suppressions", channel_column="medium")
    assert _found(catalog.model_copy(update={"suppression": odd_column})) == {
        ("unknown_suppression_column", "suppression.channel_column")
    }


def test_unknown_profile_table_and_key(catalog: Catalog) -> None:
    assert ("unknown_profile_table", "profile.table") in _found(
        catalog.model_copy(update={"profile": Profile(table="clients", key="customer_id")})
    )
    assert ("unknown_profile_key", "profile.key") in _found(
        catalog.model_copy(update={"profile": Profile(table="customers", key="client_id")})
    )


@pytest.mark.parametrize("since", ["joined", "loyalty_points"])
def test_profile_since_must_be_a_date_of_the_profile(catalog: Catalog, since: str) -> None:
    profile = catalog.profile.model_copy(update={"since": since})
    assert _found(catalog.model_copy(update={"profile": profile})) == {
        ("profile_since_not_a_date", "profile.since")
    }
    assert catalog.profile.since == "signup_date" and not _found(catalog)


def test_unknown_key_column(catalog: Catalog) -> None:
    assert _found(with_table(catalog, "orders", key="id")) == {
        ("unknown_key_column", "tables.orders.key")
    }


def test_a_crashing_check_is_isolated(catalog: Catalog) -> None:
    def exploding_check(_: Catalog) -> Iterator[Issue]:
        raise RuntimeError("boom")

    broken = with_table(catalog, "orders", join=None)
    issues = check_catalog(broken, (exploding_check, *DEFAULT_CHECKS))
    assert [(i.code, i.path) for i in issues] == [
        ("internal_check_error", "exploding_check"),
        ("missing_join", "tables.orders.join"),
    ]


def test_checks_on_a_yaml_folder(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(DEMO_CATALOG_DIR, tmp_path / "catalog"))
    file = folder / "tables" / "orders.yml"
    text = file.read_text().replace("{name: items, type: integer,", "{name: items, type: string,")
    file.write_text(text)
    assert _found(load_catalog(folder)) == {("measure_not_numeric", "tables.orders.measures")}


@pytest.mark.parametrize("column_type", [ColumnType.INTEGER, ColumnType.BOOLEAN, ColumnType.DATE])
def test_allowed_values_rejected_for_each_non_string_type(
    catalog: Catalog, column_type: ColumnType
) -> None:
    broken = with_column(catalog, "customers", "gender", type=column_type)
    assert (
        "allowed_values_on_non_categorical",
        "tables.customers.columns.gender.allowed_values",
    ) in _found(broken)


def test_a_scale_only_on_numbers(catalog: Catalog) -> None:
    broken = with_column(catalog, "customers", "city", scale=Scale.FRACTION)
    broken = with_indicator(broken, "churn_risk", scale=Scale.PERCENT)
    found = _found(broken)
    assert ("scale_on_non_number", "tables.customers.columns.city.scale") in found
    assert ("scale_on_non_number", "indicators.churn_risk.scale") in found


def test_value_labels_for_an_unlisted_value_warn(catalog: Catalog) -> None:
    tier = catalog.table("customers").column("loyalty_tier")
    labels = {**tier.value_labels, "platinum": {"fr": "platine"}}
    churn = catalog.indicator("churn_risk")
    churn_labels = {**churn.value_labels, "extreme": {"de": "extrem"}}
    broken = with_column(catalog, "customers", "loyalty_tier", value_labels=labels)
    issues = check_catalog(with_indicator(broken, "churn_risk", value_labels=churn_labels))
    assert [(i.code, i.path, i.severity) for i in issues] == [
        (
            "unknown_value_label",
            "tables.customers.columns.loyalty_tier.value_labels.platinum",
            Severity.WARNING,
        ),
        ("unknown_value_label", "indicators.churn_risk.value_labels.extreme", Severity.WARNING),
    ]
