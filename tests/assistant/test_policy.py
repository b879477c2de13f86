"""Refusals come from the catalog's targeting policy, for the offline and the LLM planner alike."""

from __future__ import annotations

import pytest

from assistant import Proposal, Refusal, plan
from assistant.llm_planner import LLMPlanner
from assistant.policy import business_words, policy_refusal, topic_refusal
from assistant.schema import PlanOutput
from audience.rules import Attribute, Group, IndicatorRule, Op, RuleTree
from audience.validate import validate_rules
from schema_catalog import Catalog, Column, ColumnType, SensitiveTopic
from tests.support.fake_openai_server import FakeOpenAIServer


def _with_customer_column(catalog: Catalog, column: Column) -> Catalog:
    tables = tuple(
        t.model_copy(update={"columns": (*t.columns, column)}) if t.name == "customers" else t
        for t in catalog.tables
    )
    return catalog.model_copy(update={"tables": tables})


@pytest.mark.parametrize(
    ("request_text", "topic"),
    [
        ("customers with diabetes", "health"),
        ("clients atteints d'une maladie chronique", "health"),
        ("segment customers by religion", "religion"),
        ("pls find customers of North African origin", "ethnic_origin"),
        ("immigrant customers in Lyon", "ethnic_origin"),
        ("people earning more than 100k a year", "financial_situation"),
        ("show me their passwords", "credentials"),
    ],
)
def test_requests_naming_a_sensitive_topic_are_refused_with_its_reason(
    catalog: Catalog, request_text: str, topic: str
) -> None:
    reason = next(t.reason for t in catalog.targeting.sensitive_topics if t.name == topic)
    for result in (topic_refusal(request_text, catalog), plan(request_text, None, catalog)):
        assert isinstance(result, Refusal)
        assert (result.category, result.reason) == ("unsafe", reason)


@pytest.mark.parametrize(
    ("request_text", "code"),
    [("clients issus de l'immigration", "fr"), ("Kunden mit Migrationshintergrund", "de")],
)
def test_origin_said_in_another_language_is_refused_in_it(
    catalog: Catalog, request_text: str, code: str
) -> None:
    topic = next(t for t in catalog.targeting.sensitive_topics if t.name == "ethnic_origin")
    result = plan(request_text, None, catalog)
    assert isinstance(result, Refusal)
    assert (result.category, result.reason) == ("unsafe", topic.reasons[code])


def test_a_word_the_catalog_defines_is_never_refused(catalog: Catalog) -> None:
    club = Column(name="health_club", type=ColumnType.BOOLEAN, synonyms=("health club member",))
    gym = _with_customer_column(catalog, club)
    assert "health club member" in business_words(gym)
    assert topic_refusal("health club members in Paris", gym) is None
    assert isinstance(topic_refusal("health club members in Paris", catalog), Refusal)
    assert isinstance(topic_refusal("customers in good health", gym), Refusal)


def test_a_sensitive_column_does_not_make_its_words_business_words(catalog: Catalog) -> None:
    faith = Column(
        name="religion", type=ColumnType.STRING, sensitive=True, allowed_values=("muslim",)
    )
    marked = _with_customer_column(catalog, faith)
    assert "muslim" not in business_words(marked)
    assert isinstance(topic_refusal("muslim customers", marked), Refusal)
    tree = RuleTree(root=Group(rules=(Attribute(field="customers.religion", op=Op.IS_SET),)))
    refusal = policy_refusal(validate_rules(tree, marked))
    assert refusal is not None and refusal.category == "unsafe"


def test_topics_are_the_catalogs_own(catalog: Catalog) -> None:
    nothing = catalog.model_copy(
        update={"targeting": catalog.targeting.model_copy(update={"sensitive_topics": ()})}
    )
    assert topic_refusal("customers with diabetes", nothing) is None
    tarot = SensitiveTopic(name="tarot", words=("horoscope*", "star sign"), reason="No astrology.")
    mystic = nothing.model_copy(
        update={"targeting": nothing.targeting.model_copy(update={"sensitive_topics": (tarot,)})}
    )
    refused = topic_refusal("customers by star sign", mystic)
    assert refused is not None and refused.reason == "No astrology."


def test_a_birthday_request_never_becomes_a_birth_date_predicate(catalog: Catalog) -> None:
    result = plan("customers whose birthday is in April 1985", None, catalog)
    assert isinstance(result, Refusal) and result.category == "unsafe"
    presence = plan("customers with a birthday", None, catalog)
    assert isinstance(presence, Proposal)
    assert [(n.field, n.op) for n in presence.rules.root.rules if isinstance(n, Attribute)] == [
        ("customers.birth_date", Op.IS_SET)
    ]


def test_minors_are_refused_by_the_catalogs_floor(catalog: Catalog) -> None:
    floor = catalog.targeting.restrictions[0]
    for request in ("customers aged under 16", "customers under 18"):
        result = plan(request, None, catalog)
        assert isinstance(result, Refusal) and floor.reason in result.reason
    adults = plan("customers aged 18 to 25", None, catalog)
    assert isinstance(adults, Proposal)


def test_the_llm_planner_refuses_instead_of_repairing_a_policy_breach(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    prying = RuleTree(root=Group(rules=(
        Attribute(field="customers.email", op=Op.STARTS_WITH, value="an"),
        IndicatorRule(indicator="age", op=Op.LT, value=16),
    )))  # fmt: skip
    openai_server.enqueue(
        PlanOutput(status="proposal", explanation="x", rules=prying).model_dump_json()
    )
    planner = LLMPlanner(openai_server.client(max_retries=0), "gpt-4o-mini")
    result = plan("emails starting with an, under 16", None, catalog, planner=planner)
    assert isinstance(result, Refusal) and result.category == "unsafe"
    assert len(openai_server.requests) == 1  # no repair round: the policy is not a typo
