"""The condition builder's model: drafts round-trip with nodes; what the catalog offers."""

from __future__ import annotations

import pytest

from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    Condition,
    ConditionDraft,
    ConditionKind,
    Group,
    IndicatorRule,
    Node,
    Op,
    Reachable,
    RuleTree,
    SegmentRef,
    TimeUnit,
    Window,
    WindowKind,
    builder,
    describe_rules,
    draft_from_node,
    new_draft,
)
from schema_catalog import Catalog

NODES: list[Node] = [
    Attribute(field="customers.city", op=Op.IN, value=("Lyon", "Paris"), negate=True),
    Attribute(field="customers.signup_date", op=Op.WITHIN_LAST, value=3, unit=TimeUnit.MONTH),
    IndicatorRule(indicator="category_appetite", key="shoes", op=Op.GTE, value=0.5),
    Behavior(
        event="orders",
        filters=(Condition(field="channel", op=Op.EQ, value="store"),),
        window=Window(type=WindowKind.LAST, amount=6, unit=TimeUnit.MONTH),
        aggregate=Aggregate(op=Op.GTE, value=2),
    ),
    Behavior(
        event="orders",
        aggregate=Aggregate(func=AggregateFunc.SUM, measure="amount", op=Op.GTE, value=500),
        negate=True,
    ),
]


@pytest.mark.parametrize("node", NODES, ids=lambda node: node.kind)
def test_a_draft_reads_back_the_node_it_was_made_from(node: Node) -> None:
    draft = draft_from_node(node)
    assert draft is not None and draft.to_node() == node


@pytest.mark.parametrize(
    "node",
    [
        Group(),
        Reachable(channel="email"),
        SegmentRef(segment="vips"),
        Behavior(event="orders", aggregate=Aggregate(func=AggregateFunc.DAYS_SINCE_LAST, value=3)),
    ],
    ids=["group", "reachable", "segment", "days_since_last"],
)
def test_what_the_builder_cannot_edit_is_left_to_the_chat(node: Node) -> None:
    assert draft_from_node(node) is None


def test_personal_data_keys_and_snapshot_tables_are_never_offered(catalog: Catalog) -> None:
    offered = builder.property_fields(catalog)
    pii = {f"{t.name}.{c.name}" for t in catalog.tables for c in t.columns if c.pii}
    assert pii and not pii & set(offered)
    assert "customers.customer_id" not in offered and "consents.customer_id" not in offered
    assert not [name for name in offered if name.startswith("ind_")]
    assert {"customers.loyalty_tier", "consents.sms_optin"} <= set(offered)


def test_events_filters_and_measures_come_from_the_catalog(catalog: Catalog) -> None:
    assert builder.activity_events(catalog) == [t.name for t in catalog.event_tables]
    assert builder.filter_fields(catalog, "orders") == ["channel", "category", "store_city"]
    assert builder.measures(catalog, "orders") == ["amount", "items"]


def test_operators_read_in_words_from_the_registry(catalog: Catalog) -> None:
    ops = builder.property_operators(catalog, "customers.country")
    assert Op.CONTAINS not in ops  # text matching would bypass the allowed values
    assert [builder.op_words(op) for op in ops[:3]] == ["is", "is not", "is one of"]
    assert builder.quantity_words(Op.GTE, "fr") == "au moins"
    assert [k.value for k in builder.relative_windows()] == ["last", "next"]


@pytest.mark.parametrize("kind", list(ConditionKind))
def test_a_new_draft_of_each_kind_is_a_valid_node(catalog: Catalog, kind: ConditionKind) -> None:
    from audience.rules import RuleTree
    from audience.validate import validate_rules

    draft = new_draft(catalog, kind)
    tree = RuleTree(root=Group()).add_rule(draft.to_node())
    assert not [issue for issue in validate_rules(tree, catalog) if issue.is_error]


BUILT = [
    ConditionDraft(
        kind=ConditionKind.ACTIVITY, target="orders", op=Op.GTE, value=2, exclude=True,
        window=Window(type=WindowKind.LAST, amount=6, unit=TimeUnit.MONTH),
        filters=(Condition(field="channel", op=Op.EQ, value="store"),),
    ),
    ConditionDraft(
        kind=ConditionKind.PROPERTY, target="customers.signup_date", op=Op.WITHIN_LAST, value=2,
        unit=TimeUnit.WEEK,
    ),
    ConditionDraft(
        kind=ConditionKind.ACTIVITY, target="orders", op=Op.GTE, value=500,
        func=AggregateFunc.SUM, measure="amount",
    ),
]  # fmt: skip
"""What the builder makes: an excluded 'has done' in a window with a filter, a property within
the last N weeks, a total over a measure with its unit."""


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("fr", [
            "NON (au moins 2 commandes où canal est 'magasin' sur une période de 6 mois "
            "(2026-04-01 → 2026-09-30))",
            "date d'inscription est dans la période de 2 semaines (2026-09-17 → 2026-09-30)",
            "total montant des commandes : au moins 500\u202f€",
        ]),
        ("de", [
            "NICHT (mindestens 2 Bestellungen mit Kanal ist 'Filiale' in den letzten 6 Monaten "
            "(2026-04-01 → 2026-09-30))",
            "Anmeldedatum liegt in den letzten 2 Wochen (2026-09-17 → 2026-09-30)",
            "Summe Betrag der Bestellungen: mindestens 500\u00a0€",
        ]),
    ],
)  # fmt: skip
def test_the_builders_conditions_read_in_the_requests_language(
    catalog: Catalog, lang: str, lines: list[str]
) -> None:
    """Operators, 'has done … in the last N', exclusion and units in the language's words;
    labels and value labels from the catalog in that language ('store' reads 'magasin')."""
    tree = RuleTree(root=Group())
    for draft in BUILT:
        tree = tree.add_rule(draft.to_node())
    assert [line.text for line in describe_rules(tree, catalog, lang=lang).lines] == lines


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["is one of", "is within the last", "at most", "weeks"]),
        ("fr", ["fait partie de", "est dans la période de", "au plus", "semaines"]),
        ("de", ["ist eines von", "liegt in den letzten", "höchstens", "Wochen"]),
    ],
)
def test_the_builders_pickers_read_in_the_pages_language(lang: str, words: list[str]) -> None:
    shown = [
        builder.op_words(Op.IN, lang), builder.op_words(Op.WITHIN_LAST, lang),
        builder.quantity_words(Op.LTE, lang), builder.unit_words(TimeUnit.WEEK, lang),
    ]  # fmt: skip
    assert shown == words
