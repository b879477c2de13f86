"""describe: one line per top-level rule, labels from the catalog, resolved window bounds."""

from __future__ import annotations

from datetime import UTC, datetime

from audience.rules import (
    Attribute,
    Behavior,
    ChangeVerb,
    Group,
    IndicatorRule,
    Op,
    Reachable,
    RuleTree,
    change_note,
    describe_node,
    describe_rules,
)
from schema_catalog import Catalog
from tests.support import FIXTURES

SEED = FIXTURES / "seed_vip_store.json"


def _seed() -> RuleTree:
    return RuleTree.model_validate_json(SEED.read_text())


def test_seed_in_english_shows_resolved_bounds(catalog: Catalog) -> None:
    description = describe_rules(_seed(), catalog)
    assert [line.path for line in description.lines] == ["root.rules[0]", "root.rules[1]"]
    assert "'vip'" in description.lines[0].text
    assert "at least 2" in description.lines[1].text
    assert "(2026-04-01 → 2026-09-30)" in description.lines[1].text
    assert description.text.startswith("Customers")


def test_seed_in_french(catalog: Catalog) -> None:
    description = describe_rules(_seed(), catalog, lang="fr")
    assert description.text.startswith("Clients")
    assert "au moins 2" in description.lines[1].text
    assert "6 mois (2026-04-01 → 2026-09-30)" in description.lines[1].text


def test_bounds_off_midnight_show_the_instants(catalog: Catalog) -> None:
    """``as_of: latest`` lies at the newest event's time: the bounds are shown as instants
    (not as whole days, which would hide the part of the last day that is inside)."""
    evening = catalog.model_copy(update={"as_of": datetime(2026, 9, 30, 21, 50, 1, tzinfo=UTC)})
    description = describe_rules(_seed(), evening)
    assert "(2026-03-30 21:50:01 → 2026-09-30 21:50:01 UTC)" in description.lines[1].text


def test_labels_come_from_the_catalog(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(rules=[
        IndicatorRule(indicator="churn_risk", value="high"),
        Reachable(channel="push", negate=True),
        IndicatorRule(indicator="active_customer", op=Op.EQ, value=False),
    ]))  # fmt: skip
    lines = [line.text for line in describe_rules(tree, catalog).lines]
    assert lines[0].startswith("Churn risk")
    assert "Push notification" in lines[1] and lines[1].startswith("NOT")
    assert lines[2] == "NOT (Active customer)"


def test_values_read_by_their_labels_in_the_language(catalog: Catalog) -> None:
    """A column's, a category indicator's and a dimension's values by their catalog labels in
    the language; as stored where the catalog has no label in it (English here)."""
    tree = RuleTree(root=Group(rules=[
        Attribute(field="customers.country", op=Op.IN, value=("DE", "CH")),
        IndicatorRule(indicator="churn_risk", value="high"),
        IndicatorRule(indicator="category_appetite", key="jewellery", op=Op.GTE, value=0.5),
    ]))  # fmt: skip
    lines = {
        lang: [line.text for line in describe_rules(tree, catalog, lang=lang).lines]
        for lang in ("en", "fr", "de")
    }
    assert "'DE', 'CH'" in lines["en"][0] and "'high'" in lines["en"][1]
    assert "jewellery" in lines["en"][2]
    assert "'Allemagne', 'Suisse'" in lines["fr"][0] and "'élevé'" in lines["fr"][1]
    assert "bijoux" in lines["fr"][2]
    assert "'Deutschland', 'Schweiz'" in lines["de"][0] and "'hoch'" in lines["de"][1]
    assert "Schmuck" in lines["de"][2]


def test_every_node_kind_and_language_describes(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(op="or", rules=[
        Behavior(event="orders", negate=True), Group(rules=[Reachable(channel="email")])]),
        limit=10, sample_share=0.5, channel="email")  # fmt: skip
    for lang in ("en", "fr"):
        description = describe_rules(tree, catalog, lang=lang)
        assert len(description.lines) == 2
        assert "10" in description.text
    assert "any of" in describe_rules(tree, catalog).text


def test_one_rule_and_a_change_read_like_the_lines(catalog: Catalog) -> None:
    tree = _seed()
    vip, store = tree.root.rules
    for lang in ("en", "fr"):
        lines = [line.text for line in describe_rules(tree, catalog, lang=lang).lines]
        assert describe_node(store, catalog, lang=lang) == lines[1]
    note = change_note(ChangeVerb.CHANGED, catalog, before=vip, after=store, lang="fr")
    assert note == f"Modifié : {describe_node(vip, catalog, lang='fr')} → {lines[1]}"
    assert change_note(ChangeVerb.CHANGED, catalog, before="ES", after="IT") == "Changed: ES → IT"


def test_unknown_names_are_shown_as_written(catalog: Catalog) -> None:
    tree = RuleTree(root=Group(rules=[IndicatorRule(indicator="moon_phase", value="full")]))
    assert describe_rules(tree, catalog).lines[0].text == "moon_phase is 'full'"


def test_amounts_read_with_their_unit_and_the_language_separators(catalog: Catalog) -> None:
    tree = RuleTree.model_validate(
        {"root": {"kind": "group", "rules": [
            {"kind": "behavior", "event": "orders",
             "aggregate": {"func": "sum", "measure": "amount", "op": "gte", "value": 1500}},
            {"kind": "indicator", "indicator": "predicted_value", "op": "between",
             "value": [1000, 2500.5]},
            {"kind": "attribute", "field": "customers.loyalty_points", "op": "gte", "value": 5},
        ]}}
    )  # fmt: skip
    english = [line.text for line in describe_rules(tree, catalog).lines]
    assert english[0].endswith("at least €1,500")
    assert english[1].endswith("between €1,000 and €2,500.50")
    assert english[2].endswith("at least 5")  # points have no unit
    french = [line.text for line in describe_rules(tree, catalog, lang="fr").lines]
    assert french[0].endswith("au moins 1\u202f500\u202f€")
    assert french[1].endswith("entre 1\u202f000\u202f€ et 2\u202f500,50\u202f€")
