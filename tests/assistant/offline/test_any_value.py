"""'whatever the channel', 'peu importe le canal', 'quel que soit le type', 'egal welcher Kanal':
a follow-up saying any value will do drops the condition on what it names — the filter of the
behaviour that has it — and keeps the rest of the audience; the rest of the follow-up may restate
what is kept ('any still-valid coupon, whatever the type'). It is no question about the data
('quel …', 'welcher …') and no negation ('no matter …')."""

from __future__ import annotations

import pytest

from assistant import Proposal
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse

ONLINE = {
    "en": "Swiss customers who bought online since June",
    "fr": "clients suisses qui ont acheté en ligne depuis juin",
    "de": "Schweizer Kunden, die seit Juni online bestellt haben",
}


@pytest.mark.parametrize(
    ("lang", "follow_up"),
    [
        ("en", "whatever the channel"),
        ("en", "regardless of the channel"),
        ("en", "no matter the channel"),
        ("en", "actually, whatever the channel: all their orders since June count"),
        ("fr", "en fait peu importe le canal"),
        ("fr", "quel que soit le canal"),
        ("de", "egal welcher Kanal"),
        ("de", "unabhängig vom Kanal"),
    ],
)
def test_any_channel_drops_the_channel_filter(lang: str, follow_up: str, catalog: Catalog) -> None:
    first = converse(catalog, ONLINE[lang])
    assert isinstance(first, Proposal)
    (before,) = behaviors(first.rules)
    assert [c.field for c in before.filters] == ["channel"]
    result = converse(catalog, ONLINE[lang], follow_up)
    assert isinstance(result, Proposal), result
    (after,) = behaviors(result.rules)
    assert after.filters == () and after.window == before.window
    assert len(result.rules.root.rules) == len(first.rules.root.rules)


@pytest.mark.parametrize(
    "follow_up",
    [
        "no wait, any still-valid coupon, whatever the type",
        "regardless of the offer type",
        "peu importe le type d'offre",
    ],
)
def test_any_type_keeps_the_other_filters(follow_up: str) -> None:
    grocery = get_domain("grocery").load_catalog()
    conversation = (
        "budget-conscious shoppers",
        "only those holding a still-valid percent-off coupon",
    )
    result = converse(grocery, *conversation, follow_up)
    assert isinstance(result, Proposal), result
    (coupons,) = behaviors(result.rules)
    assert [(c.field, c.value) for c in coupons.filters] == [("status", "active")]
    assert len(result.rules.root.rules) == 2


@pytest.mark.parametrize("follow_up", ["whatever the city", "peu importe la ville"])
def test_any_city_drops_the_city_rule_only(follow_up: str, catalog: Catalog) -> None:
    first = "VIP customers in Lyon who bought shoes online"
    result = converse(catalog, first, follow_up)
    assert isinstance(result, Proposal), result
    fields = [getattr(rule, "field", None) for rule in result.rules.root.rules]
    assert "customers.city" not in fields and len(fields) == 2
    (bought,) = behaviors(result.rules)
    assert {c.field for c in bought.filters} == {"category", "channel"}
