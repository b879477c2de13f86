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

from audience.rules import Attribute, Reachable
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


def test_opted_in_is_the_consent_flag_only(catalog: Catalog) -> None:
    result = propose("customers who opted in to SMS", catalog)
    flags = [node for _, node in result.rules.walk() if isinstance(node, Attribute)]
    assert [(f.field, f.value) for f in flags] == [("consents.sms_optin", True)]
    assert result.rules.channel is None


def test_a_catalogs_own_channel_is_reachable_and_activated(grocery: Catalog) -> None:
    # grocery declares a paper-mail channel the demo does not have
    found, activation = reachables("cardholders we can reach by post", grocery)
    assert [r.channel for r in found] == ["mail"] and activation == "mail"
