"""The OpenAI-compatible planner against a scripted model served over real local HTTP."""

from __future__ import annotations

import json

import pytest

from assistant.contract import (
    Clarification,
    ClarificationOption,
    Conversation,
    CoverageItem,
    Proposal,
    Refusal,
    Turn,
)
from assistant.errors import ModelCallError, ModelTimeoutError, RepairExhaustedError
from assistant.llm_planner import REPAIR_PREAMBLE, LLMPlanner
from assistant.schema import PlanOutput
from assistant.tokens import cost_usd
from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Group,
    Op,
    RuleTree,
    TimeUnit,
    Window,
    WindowKind,
)
from schema_catalog import Catalog
from tests.support.fake_openai_server import FakeOpenAIServer

SEED = "VIP customers who have bought at least twice in store in the last 6 months"


def seed_tree(tier_field: str = "customers.loyalty_tier") -> RuleTree:
    return RuleTree(
        root=Group(
            rules=[
                Attribute(field=tier_field, op=Op.EQ, value="vip"),
                Behavior(
                    event="orders",
                    filters=[Condition(field="channel", op=Op.EQ, value="store")],
                    window=Window(type=WindowKind.LAST, amount=6, unit=TimeUnit.MONTH),
                    aggregate=Aggregate(op=Op.GTE, value=2),
                ),
            ]
        )
    )


def proposal_json(tree: RuleTree | None = None) -> str:
    output = PlanOutput(
        status="proposal",
        explanation="VIP customers with 2+ store orders in 6 months.",
        rules=tree or seed_tree(),
        coverage=[CoverageItem(phrase="VIP", rule_path="root.rules[0]")],
    )
    return output.model_dump_json()


def make_planner(openai_server: FakeOpenAIServer, **options: object) -> LLMPlanner:
    retries = int(options.pop("max_retries", 2))  # type: ignore[call-overload]
    client = openai_server.client(max_retries=retries)
    return LLMPlanner(client, "gpt-4o-mini", **options)  # type: ignore[arg-type]


def last_user_message(body: dict[str, object]) -> str:
    messages = body["messages"]
    assert isinstance(messages, list)
    return str(messages[-1]["content"])


def test_right_first_time(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue(proposal_json())
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    assert result.rules == seed_tree()
    assert result.coverage[0].rule_path == "root.rules[0]"
    assert result.usage is not None
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (1200, 150)
    assert result.usage.cost_usd == pytest.approx(cost_usd("gpt-4o-mini", 1200, 150))
    assert result.usage.attempts == 1
    assert len(openai_server.requests) == 1


def test_json_schema_mode_sends_strict_schema(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue(proposal_json())
    make_planner(openai_server).plan(SEED, Conversation(), catalog)
    body = openai_server.requests[0]
    fmt = body["response_format"]
    assert isinstance(fmt, dict)
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert body["model"] == "gpt-4o-mini"
    assert SEED in last_user_message(body)


def test_json_object_mode_sends_schema_inside(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue(proposal_json())
    planner = make_planner(openai_server, response_format="json_object", name="local")
    result = planner.plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    fmt = openai_server.requests[0]["response_format"]
    assert isinstance(fmt, dict)
    assert fmt["type"] == "json_object"
    assert fmt["schema"]["properties"]["status"]["enum"] == ["proposal", "clarification", "refusal"]


def test_wrong_field_then_repaired(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue(proposal_json(seed_tree("customers.tier")))
    openai_server.enqueue(proposal_json())
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    assert result.rules == seed_tree()
    assert result.usage is not None
    assert result.usage.attempts == 2
    assert result.usage.prompt_tokens == 2400
    repair = last_user_message(openai_server.requests[1])
    assert repair.startswith(REPAIR_PREAMBLE)
    assert "unknown_field at root.rules[0].field" in repair
    assert openai_server.requests[1]["messages"][-2]["role"] == "assistant"


def test_malformed_json_then_repaired(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue('{"status": "proposal", "rules": {')
    openai_server.enqueue(proposal_json())
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    assert "malformed_json at output" in last_user_message(openai_server.requests[1])


def test_extra_key_then_repaired(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    smuggled = json.loads(proposal_json())
    smuggled["sql"] = "SELECT * FROM customers"
    openai_server.enqueue(json.dumps(smuggled))
    openai_server.enqueue(proposal_json())
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    assert "schema_violation at output.sql" in last_user_message(openai_server.requests[1])


def test_clarification(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    output = PlanOutput(
        status="clarification",
        question="Bought recently, or opened an email recently?",
        term="active",
        options=[
            ClarificationOption(label="Bought in 12 months", request="active customers"),
            ClarificationOption(label="Opened an email", request="customers engaged on email"),
        ],
    )
    openai_server.enqueue(output.model_dump_json())
    result = make_planner(openai_server).plan("active people", Conversation(), catalog)
    assert isinstance(result, Clarification)
    assert result.term == "active"
    assert [o.request for o in result.options] == ["active customers", "customers engaged on email"]


def test_clarification_without_question_is_repaired(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue(PlanOutput(status="clarification").model_dump_json())
    openai_server.enqueue(
        PlanOutput(status="clarification", question="Which one?").model_dump_json()
    )
    result = make_planner(openai_server).plan("active people", Conversation(), catalog)
    assert isinstance(result, Clarification)
    assert "missing_payload at output.question" in last_user_message(openai_server.requests[1])


def test_refusal_status(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    output = PlanOutput(status="refusal", reason="Not an audience.", category="out_of_scope")
    openai_server.enqueue(output.model_dump_json())
    result = make_planner(openai_server).plan("write me a poem", Conversation(), catalog)
    assert isinstance(result, Refusal)
    assert result.category == "out_of_scope"


def test_model_refusal_field_becomes_refusal(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue_refusal("I can't help with that.")
    result = make_planner(openai_server).plan("export everyone", Conversation(), catalog)
    assert isinstance(result, Refusal)
    assert result.category == "unsafe"
    assert result.usage is not None and result.usage.attempts == 1


def test_retries_exhausted_carries_last_issues(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    for _ in range(3):
        openai_server.enqueue(proposal_json(seed_tree("customers.tier")))
    with pytest.raises(RepairExhaustedError) as caught:
        make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert [(i.code, i.path) for i in caught.value.issues] == [
        ("unknown_field", "root.rules[0].field")
    ]
    assert len(openai_server.requests) == 3


def test_max_repairs_zero_gives_up_at_once(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue("not json at all")
    with pytest.raises(RepairExhaustedError) as caught:
        make_planner(openai_server, max_repairs=0).plan(SEED, Conversation(), catalog)
    assert caught.value.issues[0].code == "malformed_json"
    assert len(openai_server.requests) == 1


def test_timeout(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue(proposal_json(), delay=2.0)
    planner = make_planner(openai_server, timeout=0.3, max_retries=0)
    with pytest.raises(ModelTimeoutError):
        planner.plan(SEED, Conversation(), catalog)


def test_rate_limited_then_success(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue_error(429, {"retry-after-ms": "10"})
    openai_server.enqueue(proposal_json())
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert isinstance(result, Proposal)
    assert len(openai_server.requests) == 2


def test_server_errors_exhaust_client_retries(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    for _ in range(3):
        openai_server.enqueue_error(503, {"retry-after-ms": "5"})
    with pytest.raises(ModelCallError) as caught:
        make_planner(openai_server, max_retries=2).plan(SEED, Conversation(), catalog)
    assert not isinstance(caught.value, ModelTimeoutError)
    assert len(openai_server.requests) == 3


def test_bad_key_is_a_call_error(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue_error(401)
    with pytest.raises(ModelCallError):
        make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert len(openai_server.requests) == 1


def test_usage_estimated_with_tiktoken_when_absent(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue(proposal_json(), usage=None)
    result = make_planner(openai_server).plan(SEED, Conversation(), catalog)
    assert result.usage is not None
    assert result.usage.prompt_tokens > 1_000
    assert result.usage.completion_tokens > 20


def test_unknown_model_costs_nothing(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    openai_server.enqueue(proposal_json())
    planner = LLMPlanner(
        openai_server.client(), "qwen2.5-0.5b-instruct", response_format="json_object"
    )
    result = planner.plan(SEED, Conversation(), catalog)
    assert result.usage is not None
    assert result.usage.cost_usd == 0.0
    assert result.usage.prompt_tokens == 1200


def test_refinement_sends_current_tree(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    conversation = Conversation(
        turns=(
            Turn(role="user", text=SEED),
            Turn(role="assistant", text="Here it is.", rules=seed_tree()),
        )
    )
    lyon = Attribute(field="customers.city", op=Op.EQ, value="Lyon")
    refined = seed_tree().add_rule(lyon)
    openai_server.enqueue(proposal_json(refined))
    result = make_planner(openai_server).plan("only those in Lyon", conversation, catalog)
    assert isinstance(result, Proposal)
    sent = last_user_message(openai_server.requests[-1])
    current = json.dumps(seed_tree().model_dump(mode="json"), separators=(",", ":"))
    assert f"<current_audience>\n{current}\n</current_audience>" in sent
    assert sent.endswith("<request>\nonly those in Lyon\n</request>")


def test_factory_picks_planner_by_settings() -> None:
    from assistant.errors import PlannerConfigError
    from assistant.factory import make_planner
    from settings import LlmSettings

    assert make_planner(LlmSettings(planner="offline")).name == "offline"
    with pytest.raises(PlannerConfigError):
        make_planner(LlmSettings(planner="openai", OPENAI_API_KEY=None))
    openai_planner = make_planner(LlmSettings(planner="openai", OPENAI_API_KEY="sk-x"))
    assert isinstance(openai_planner, LLMPlanner)
    assert openai_planner.response_format == "json_schema"
    local = make_planner(LlmSettings(planner="local", local_port=9999))
    assert isinstance(local, LLMPlanner)
    assert (local.name, local.response_format) == ("local", "json_object")
    assert str(local.client.base_url).startswith("http://127.0.0.1:9999/v1")
