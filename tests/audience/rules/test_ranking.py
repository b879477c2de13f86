"""Ranked audiences in the rule language: the JSON format, old trees unchanged, the words."""

from __future__ import annotations

import json

import pytest

from audience.rules import (
    BehaviorMeasure,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    Ranking,
    RuleTree,
    Window,
    describe_rules,
    event_label,
    indicator_label,
)
from audience.rules.describe_words import describe_words
from languages import format_number
from schema_catalog import Catalog

SPEND = BehaviorMeasure(
    event="orders",
    func="sum",
    measure="amount",
    window=Window(type="last", amount=12, unit="month"),
)


def _ranked(by: object = SPEND, **options: object) -> RuleTree:
    return RuleTree(root=Group(), limit=1000, ranking=Ranking(by=by), **options)  # type: ignore[arg-type]


def test_a_ranked_tree_round_trips_through_its_json() -> None:
    tree = _ranked(channel="email")
    again = RuleTree.model_validate_json(json.dumps(tree.model_dump(mode="json")))
    assert again == tree
    assert again.fingerprint() == tree.fingerprint()
    assert again.ranking is not None and again.ranking.direction == "desc"


def test_a_tree_without_a_ranking_keeps_its_json_and_fingerprint() -> None:
    before = {"schema_version": 1, "root": {"kind": "group", "op": "and", "rules": [],
              "negate": False}, "channel": None, "limit": 5, "sample_share": None}  # fmt: skip
    tree = RuleTree.model_validate(before)
    assert json.loads(tree.canonical_json()) == before  # what approvals were bound to
    assert tree.ranking is None


def test_the_direction_and_the_measure_kind_are_closed_sets() -> None:
    with pytest.raises(ValueError):
        Ranking.model_validate({"by": {"kind": "field", "field": "customers.x"}, "direction": "up"})
    with pytest.raises(ValueError):
        Ranking.model_validate({"by": {"kind": "formula", "sql": "1"}})


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_ranked_audience_reads_with_its_size_measure_and_direction(
    catalog: Catalog, lang: str
) -> None:
    words = describe_words(lang)
    text = describe_rules(_ranked(), catalog, lang=lang).text
    assert format_number(1000, lang) in text
    assert event_label(catalog, "orders", lang) in text
    assert words.directions["desc"] in text
    assert words.ranked_reachable.split("{")[0] not in text  # no channel: no reachability note
    ascending = _ranked(IndicatorMeasure(indicator="predicted_value")).updated(
        ranking=Ranking(by=IndicatorMeasure(indicator="predicted_value"), direction="asc")
    )
    text = describe_rules(ascending, catalog, lang=lang).text
    assert indicator_label(catalog, "predicted_value", lang) in text
    assert words.directions["asc"] in text


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_ranked_channel_audience_says_it_ranks_the_reachable(catalog: Catalog, lang: str) -> None:
    words = describe_words(lang)
    text = describe_rules(_ranked(channel="email"), catalog, lang=lang).text
    channel = catalog.channel_label("email", lang)
    assert words.ranked_reachable.format(channel=channel) in text


def test_a_limit_without_ranking_still_reads_as_a_limit_by_key(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(), limit=10)
    words = describe_words("en")
    assert words.limit.format(limit=10, key="customer id") in describe_rules(tree, catalog).text
    ranked = _ranked(FieldMeasure(field="customers.loyalty_points"))
    assert words.limit.split("{")[0] not in describe_rules(ranked, catalog).text
