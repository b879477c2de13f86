"""The small-model profile: compact schema and prompt, nearest examples, server lifetime.

No real model here (``tests/test_local_llm.py`` has it): the scripted OpenAI server stands in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import assistant.factory as factory
import assistant.local_server as local_server
from assistant import Conversation, Proposal
from assistant.errors import RepairExhaustedError
from assistant.fewshot import examples_for
from assistant.fewshot_pool import nearest_examples, pool
from assistant.llm_planner import SMALL_MODEL_PROFILE, LLMPlanner, ModelProfile, check_answer
from assistant.local_server import LocalModelError, free_port, serve_local, start_local_server
from assistant.offline import OfflinePlanner
from assistant.prompt import build_compact_prompt, build_prompt
from assistant.small_model import MAX_RULES, compact_output_schema
from schema_catalog import Catalog
from settings import LlmSettings
from tests.support.fake_openai_server import FakeOpenAIServer

VIP_ANSWER = json.dumps(
    {
        "status": "proposal",
        "rules": {
            "root": {
                "kind": "group",
                "op": "and",
                "rules": [
                    {
                        "kind": "attribute",
                        "field": "customers.loyalty_tier",
                        "op": "eq",
                        "value": "vip",
                    }
                ],
            }
        },
    }
)


def _variants(schema: dict[str, object], name: str) -> list[dict[str, object]]:
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    members = defs[name]["anyOf"]
    assert isinstance(members, list)
    return members


def test_compact_schema_has_one_shape_per_status(catalog: Catalog) -> None:
    schema = compact_output_schema(catalog)
    shapes = schema["anyOf"]
    assert isinstance(shapes, list)
    statuses = [shape["properties"]["status"]["enum"] for shape in shapes]
    assert statuses == [["proposal"], ["clarification"], ["refusal"]]
    root = schema["$defs"]["RuleTree"]["properties"]["root"]  # type: ignore[index]
    assert root["properties"]["rules"]["maxItems"] == MAX_RULES


def test_compact_schema_narrows_values_to_the_catalog(catalog: Catalog) -> None:
    schema = compact_output_schema(catalog)
    tier = next(
        v
        for v in _variants(schema, "Attribute")
        if v["properties"]["field"]["enum"] == ["customers.loyalty_tier"]  # type: ignore[index]
    )
    assert tier["properties"]["value"]["anyOf"][0]["enum"] == [  # type: ignore[index]
        "standard",
        "silver",
        "gold",
        "vip",
    ]
    fields = {f for v in _variants(schema, "Attribute") for f in v["properties"]["field"]["enum"]}  # type: ignore[index]
    assert "customers.customer_id" not in fields  # key columns are never a condition
    events = [v["properties"]["event"]["enum"] for v in _variants(schema, "Behavior")]  # type: ignore[index]
    assert sorted(e[0] for e in events) == sorted(t.name for t in catalog.event_tables)


def test_compact_answer_parses_into_the_real_types(catalog: Catalog) -> None:
    output, issues = check_answer(VIP_ANSWER, catalog)
    assert output is not None and output.rules is not None, issues
    assert output.rules.root.rules[0].kind == "attribute"


def test_every_pool_example_is_valid_in_the_demo_catalog(catalog: Catalog) -> None:
    assert len(examples_for(catalog, pool())) == len(pool())


def test_nearest_examples_put_the_closest_last(catalog: Catalog) -> None:
    chosen = nearest_examples("customers likely to churn soon", catalog, 3)
    assert len(chosen) == 3
    assert chosen[-1].request == "customers likely to churn"


def test_compact_prompt_is_much_smaller(catalog: Catalog) -> None:
    full = build_prompt("VIP customers in Lyon", Conversation(), catalog)
    compact = build_compact_prompt(
        "VIP customers in Lyon", Conversation(), catalog, examples=3, nearest=True
    )
    assert compact.tokens * 2 < full.tokens
    assert compact.messages[-1]["content"].endswith("VIP customers in Lyon\n</request>")


def test_small_profile_request_and_explained_proposal(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    openai_server.enqueue(VIP_ANSWER)
    planner = LLMPlanner(
        openai_server.client(), "smol", response_format="json_object", profile=SMALL_MODEL_PROFILE
    )
    result = planner.plan("VIPs", Conversation(), catalog)
    assert isinstance(result, Proposal) and result.explanation  # written from the rules
    sent = openai_server.requests[0]
    assert sent["max_tokens"] == SMALL_MODEL_PROFILE.max_tokens
    assert "anyOf" in sent["response_format"]["schema"]  # type: ignore[index]


def test_small_profile_repairs_then_gives_up_with_issues(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    for _ in range(3):
        openai_server.enqueue('{"status": "proposal"}')
    planner = LLMPlanner(openai_server.client(), "smol", response_format="json_object")
    with pytest.raises(RepairExhaustedError) as raised:
        planner.plan("VIPs", Conversation(), catalog)
    assert [issue.code for issue in raised.value.issues] == ["missing_payload"]
    assert len(openai_server.requests) == 3


def test_prompt_version_follows_the_profile(openai_server: FakeOpenAIServer) -> None:
    small = LLMPlanner(openai_server.client(), "m", profile=SMALL_MODEL_PROFILE)
    other = LLMPlanner(openai_server.client(), "m", profile=ModelProfile())
    assert small.prompt_version != other.prompt_version


# --- server lifetime ------------------------------------------------------------------------


def test_open_planner_uses_a_server_that_answers(openai_server: FakeOpenAIServer) -> None:
    settings = LlmSettings(planner="local", OPENAI_BASE_URL=openai_server.url)
    with factory.open_planner(settings) as planner:
        assert isinstance(planner, LLMPlanner)
        assert str(planner.client.base_url).startswith(openai_server.url)


def test_open_planner_offline_starts_nothing() -> None:
    with factory.open_planner(LlmSettings(planner="offline")) as planner:
        assert isinstance(planner, OfflinePlanner)


def test_open_planner_stops_the_server_it_started_even_on_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stopped: list[str] = []

    class Started:
        base_url = "http://127.0.0.1:1/v1"

        def stop(self) -> None:
            stopped.append(self.base_url)

    monkeypatch.setattr(local_server, "start_local_server", lambda **_: Started())
    settings = LlmSettings(planner="local", local_port=free_port())
    with pytest.raises(RuntimeError), factory.open_planner(settings):
        raise RuntimeError("boom")
    assert stopped == ["http://127.0.0.1:1/v1"]


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_server, "server_available", lambda: False)
    with pytest.raises(LocalModelError, match="make local-llm"):
        start_local_server(port=free_port())


def test_missing_model_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(local_server, "server_available", lambda: True)
    with pytest.raises(LocalModelError, match="does not exist"):
        start_local_server(port=free_port(), model_path=tmp_path / "none.gguf")


def test_serve_local_leaves_a_running_server_alone(openai_server: FakeOpenAIServer) -> None:
    with serve_local(port=free_port(), base_url=openai_server.url) as url:
        assert url == openai_server.url


def test_real_model_test_skips_without_the_extra_but_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.assistant import test_local_llm

    monkeypatch.setattr(test_local_llm, "extra_installed", lambda: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make local-llm"):
        test_local_llm._require_extra()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="installs it"):
        test_local_llm._require_extra()
