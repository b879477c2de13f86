"""Reachability names the activation channel (the lead's convention, issue 12):

- 'reachable by X' / 'joignables par X' / 'erreichbar per X' → the reachability rule for X and
  the proposal's activation channel X;
- a campaign named on a channel ('for a text-message blast') → the activation channel, no rule;
- 'opted in to X' → the consent flag only, no activation channel.

Channel words come from the catalog's channels (labels, synonyms), so another catalog's own
channels (grocery's paper mail) work like the demo's.
"""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Group, Reachable
from schema_catalog import Catalog
from tests.support.planning import propose


def reachables(request_text: str, catalog: Catalog) -> tuple[list[Reachable], str | None]:
    result = propose(request_text, catalog)
    found = [node for _, node in result.rules.walk() if isinstance(node, Reachable)]
    return found, result.rules.channel


@pytest.mark.parametrize(
    ("request_text", "channel"),
    [
        ("gold customers reachable by SMS", "sms"),
        ("women in Lyon we can reach by email", "email"),
        ("clientes VIP joignables par e-mail", "email"),
        ("Kunden in Berlin, die per SMS erreichbar sind", "sms"),
    ],
)
def test_reachable_by_a_channel_is_its_rule_and_the_activation_channel(
    request_text: str, channel: str, catalog: Catalog
) -> None:
    found, activation = reachables(request_text, catalog)
    assert [(r.channel, r.negate) for r in found] == [(channel, False)]
    assert activation == channel


def test_reachability_on_two_channels_names_no_single_activation_channel(
    catalog: Catalog,
) -> None:
    found, activation = reachables("VIPs reachable by both email and SMS", catalog)
    assert sorted(r.channel for r in found) == ["email", "sms"]
    assert activation is None


def test_not_reachable_is_analysis_and_names_no_activation_channel(catalog: Catalog) -> None:
    found, activation = reachables("customers who are not reachable by SMS", catalog)
    assert [(r.channel, r.negate) for r in found] == [("sms", True)]
    assert activation is None


def test_a_campaign_on_a_channel_sets_it_without_a_rule(catalog: Catalog) -> None:
    found, activation = reachables("silver members in Nice, for a push campaign", catalog)
    assert found == [] and activation == "push"


@pytest.mark.parametrize(
    ("request_text", "channel"),
    [
        ("for the autumn shoe launch newsletter: gold customers in Nice", "email"),
        ("VIPs in Lyon, to announce the winter sale by text message", "sms"),
        ("pour présenter la nouvelle collection par SMS : clientes VIP", "sms"),
        ("für unseren Herbst-Newsletter: Gold-Kunden in Paris", "email"),
    ],
)
def test_a_channel_among_the_purpose_words_is_the_campaigns_channel(
    request_text: str, channel: str, catalog: Catalog
) -> None:
    # the occasion's words are set aside; the channel among them stays the activation channel
    result = propose(request_text, catalog)
    assert result.rules.channel == channel
    assert not [n for _, n in result.rules.walk() if isinstance(n, Reachable)]
    assert result.assumptions and not result.dropped_phrases


def test_a_purpose_ends_at_its_clause(catalog: Catalog) -> None:
    # 'reachable by SMS' after the purpose's clause is a rule, not the campaign's channel
    found, _ = reachables("for the winter sale, gold customers reachable by SMS", catalog)
    assert [(r.channel, r.negate) for r in found] == [("sms", False)]


def test_opted_in_is_the_consent_flag_only(catalog: Catalog) -> None:
    result = propose("customers who opted in to SMS", catalog)
    flags = [node for _, node in result.rules.walk() if isinstance(node, Attribute)]
    assert [(f.field, f.value) for f in flags] == [("consents.sms_optin", True)]
    assert result.rules.channel is None


def test_a_catalogs_own_channel_is_reachable_and_activated(grocery: Catalog) -> None:
    # grocery declares a paper-mail channel the demo does not have
    found, activation = reachables("cardholders we can reach by post", grocery)
    assert [r.channel for r in found] == ["mail"] and activation == "mail"


@pytest.mark.parametrize(
    ("request_text", "flags"),
    [
        ("silver members who opted in to both SMS and push", {"sms_optin", "push_optin"}),
        ("clientes ayant accepté l'e-mail et le SMS", {"email_optin", "sms_optin"}),
        ("Kunden mit Einwilligung für Push", {"push_optin"}),
    ],
)
def test_consent_on_listed_channels_is_each_channels_flag(
    request_text: str, flags: set[str], catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    found = {
        node.field.split(".")[1]
        for _, node in result.rules.walk()
        if isinstance(node, Attribute) and node.field.startswith("consents.")
    }
    assert found == flags
    assert not [n for _, n in result.rules.walk() if isinstance(n, Reachable)]
    assert result.rules.channel is None


def _consent_rules(result: object) -> list[tuple[str, bool]]:
    return sorted(
        (node.field.split(".")[1], node.negate)
        for _, node in result.rules.walk()  # type: ignore[attr-defined]
        if isinstance(node, Attribute) and node.field.startswith("consents.")
    )


@pytest.mark.parametrize(
    "request_text",
    [
        "Spanish speakers opted in to push but not to email, for a push campaign",
        "Kunden mit Push-Einwilligung, aber nicht für E-Mail, für eine Push-Kampagne",
    ],
)
def test_a_channel_after_but_not_takes_the_consent_said_before_it(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert _consent_rules(result) == [("email_optin", True), ("push_optin", False)]
    assert result.rules.channel == "push"


def test_a_channel_after_but_not_takes_the_reachability_said_before_it(
    catalog: Catalog,
) -> None:
    found, activation = reachables("VIPs reachable by SMS but not by email, for texting", catalog)
    assert sorted((r.channel, r.negate) for r in found) == [("email", True), ("sms", False)]
    assert activation == "sms"


def test_consent_follows_the_catalogs_own_consent_column(grocery: Catalog) -> None:
    (mail,) = [channel for channel in grocery.channels if channel.name == "mail"]
    result = propose("cardholders who opted in to paper mail", grocery)
    flags = [n for _, n in result.rules.walk() if isinstance(n, Attribute)]
    assert [(f.field, f.value) for f in flags] == [(mail.consent, True)]


@pytest.mark.parametrize(
    "request_text",
    [
        "gold customers we cannot reach on any channel",
        "clientes or qu'on ne peut joindre sur aucun canal",
        "Gold-Kunden, die über keinen Kanal erreichbar sind",
    ],
)
def test_unreachable_on_any_channel_is_none_of_the_catalogs_channels(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (unreachable,) = [n for n in result.rules.root.rules if isinstance(n, Group)]
    assert unreachable.negate and unreachable.op == "or"
    assert sorted(r.channel for r in unreachable.rules) == sorted(  # type: ignore[union-attr]
        c.name for c in catalog.channels
    )
    assert result.rules.channel is None


def test_reachable_on_all_channels_uses_another_catalogs_channels(grocery: Catalog) -> None:
    found, activation = reachables("cardholders reachable on all channels", grocery)
    assert sorted(r.channel for r in found) == sorted(c.name for c in grocery.channels)
    assert activation is None
