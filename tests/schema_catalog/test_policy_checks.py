"""Channels and targeting policy in the catalog: model rules and checks (codes and paths)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from languages import word
from schema_catalog import (
    Catalog,
    Channel,
    ContactFormat,
    Restriction,
    SensitiveTopic,
    TargetingPolicy,
    check_catalog,
)


def _found(catalog: Catalog) -> set[tuple[str, str]]:
    return {(issue.code, issue.path) for issue in check_catalog(catalog)}


def _with_channel(catalog: Catalog, channel: Channel) -> Catalog:
    return catalog.model_copy(update={"channels": (*catalog.channels, channel)})


def _with_restrictions(catalog: Catalog, *restrictions: Restriction) -> Catalog:
    policy = catalog.targeting.model_copy(update={"restrictions": restrictions})
    return catalog.model_copy(update={"targeting": policy})


def test_a_channel_is_any_declared_name(catalog: Catalog) -> None:
    whatsapp = Channel(
        name="whatsapp",
        label="WhatsApp",
        consent="consents.sms_optin",
        contact="customers.phone",
        contact_format=ContactFormat.PHONE,
        suppressed_by=("sms",),
    )
    extended = _with_channel(catalog, whatsapp)
    assert extended.channel_names == ("email", "sms", "push", "whatsapp")
    assert extended.channel("whatsapp").blocked_by("all") == ("sms", "all")
    assert check_catalog(extended) == []


@pytest.mark.parametrize("name", ["E-mail", "", "sms ", "1st", "x" * 40])
def test_channel_names_are_identifiers(name: str) -> None:
    with pytest.raises(ValidationError):
        Channel(name=name, label="x", consent="t.c", contact="t.d")


def test_channel_columns_must_be_one_per_profile(catalog: Catalog) -> None:
    postal = Channel(
        name="postal",
        label="Postal mail",
        consent="consents.email_optin",
        contact="orders.store_city",
        export_columns=("customers.city", "customers.nowhere"),
    )
    assert _found(_with_channel(catalog, postal)) == {
        ("channel_column_not_one_to_one", "channels.postal.contact"),
        ("unknown_channel_column", "channels.postal.export_columns[1]"),
        ("unknown_suppression_scope", "channels.postal.suppressed_by"),
    }


def test_suppression_scope_must_be_a_value_of_the_list(catalog: Catalog) -> None:
    fax = Channel(
        name="fax",
        label="Fax",
        consent="consents.sms_optin",
        contact="customers.phone",
        suppressed_by=("fax", "sms"),
    )
    issues = [i for i in check_catalog(_with_channel(catalog, fax))]
    assert [(i.code, i.path, i.severity.value) for i in issues] == [
        ("unknown_suppression_scope", "channels.fax.suppressed_by", "warning")
    ]


def test_the_demo_catalog_declares_its_targeting_policy(catalog: Catalog) -> None:
    minors = catalog.targeting.restrictions_on("age")
    assert [(r.name, r.field, r.min_years) for r in minors] == [
        ("minors", "customers.birth_date", 18)
    ]
    assert catalog.targeting.restrictions_on("customers.birth_date") == minors
    topics = {topic.name for topic in catalog.targeting.sensitive_topics}
    assert {"health", "religion", "ethnic_origin", "sexual_orientation"} <= topics
    pii = {c.name for c in catalog.profile_table.columns if c.pii}
    assert {"email", "phone", "birth_date", "first_name", "last_name"} <= pii


def test_a_restriction_has_exactly_one_bound() -> None:
    with pytest.raises(ValidationError):
        Restriction(name="x", field="age", reason="r")
    with pytest.raises(ValidationError):
        Restriction(name="x", field="age", below=18, values=("a",), reason="r")
    with pytest.raises(ValidationError):
        Restriction(name="x", field="age", values=(), reason="r")
    with pytest.raises(ValidationError):
        Restriction(name="x", field="age", below=18, age_indicators=("age",), reason="r")


def test_restrictions_name_known_fields_with_fitting_bounds(catalog: Catalog) -> None:
    broken = _with_restrictions(
        catalog,
        Restriction(name="ghosts", field="customers.shoe_size", below=1, reason="r"),
        Restriction(name="words", field="customers.city", below=3, reason="r"),
        Restriction(name="tiers", field="customers.loyalty_tier", values=("platinum",), reason="r"),
        Restriction(name="many", field="orders.amount", below=0, reason="r"),
        Restriction(name="dims", field="category_appetite", below=0.1, reason="r"),
        Restriction(name="words", field="age", below=16, reason="r"),
        Restriction(name="dates", field="customers.signup_date", below=16, reason="r"),
        Restriction(
            name="born",
            field="customers.birth_date",
            min_years=16,
            age_indicators=("churn_risk", "agee"),
            reason="r",
        ),
    )
    assert _found(broken) == {
        ("unknown_restricted_field", "targeting.restrictions.ghosts.field"),
        ("restriction_type_mismatch", "targeting.restrictions.words.below"),
        ("restriction_value_not_allowed", "targeting.restrictions.tiers.values"),
        ("restricted_field_not_one_to_one", "targeting.restrictions.many.field"),
        ("restricted_field_has_dimension", "targeting.restrictions.dims.field"),
        ("duplicate_name", "targeting.restrictions.words"),
        ("restriction_type_mismatch", "targeting.restrictions.dates.below"),
        ("unknown_age_indicator", "targeting.restrictions.born.age_indicators[0]"),
        ("unknown_age_indicator", "targeting.restrictions.born.age_indicators[1]"),
    }


def test_every_restriction_issue_is_worded_by_the_packs(catalog: Catalog) -> None:
    """A page says each policy issue in its language: a phrase and values, English kept."""
    broken = _with_restrictions(
        catalog,
        Restriction(name="words", field="customers.city", below=3, reason="r"),
        Restriction(name="tiers", field="customers.loyalty_tier", values=("platinum",), reason="r"),
        Restriction(name="born", field="customers.birth_date", min_years=16,
                    age_indicators=("agee",), reason="r"),
    )  # fmt: skip
    issues = check_catalog(broken)
    assert {issue.code for issue in issues} == {
        "restriction_type_mismatch", "restriction_value_not_allowed", "unknown_age_indicator",
    }  # fmt: skip
    for issue in issues:
        assert issue.wording is not None and issue.message == word(issue.wording)
        assert word(issue.wording, "fr") != issue.message != word(issue.wording, "de")


def test_sensitive_topics_are_named_once_and_have_words(catalog: Catalog) -> None:
    topics = (
        SensitiveTopic(name="health", words=("health",), reason="r"),
        SensitiveTopic(name="health", words=(" ",), reason="r"),
    )
    broken = catalog.model_copy(update={"targeting": TargetingPolicy(sensitive_topics=topics)})
    assert _found(broken) == {
        ("duplicate_name", "targeting.sensitive_topics.health"),
        ("topic_without_words", "targeting.sensitive_topics.health.words"),
    }
