"""End to end: the OpenAI-compatible planner against a scripted local server, through the runner.

The server answers each request with the case's expected answer, except for a few cases where it
answers a slightly wrong tree. Proves the runner, the response cache and cost accounting.
"""

from __future__ import annotations

import json
from pathlib import Path

import openai
import pytest

from assistant.grounding import inert
from assistant.llm_planner import LLMPlanner
from assistant.tokens import cost_usd
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from evals.cache import ResponseCache
from evals.cases import EvalCase, load_cases, select_cases
from evals.report import LATEST_JSON, write_reports
from evals.runner import EvalRun, Planning, planner_identity, run_eval
from schema_catalog import Catalog
from tests.support.fake_openai_server import FakeOpenAIServer, RequestBody, Responder

PROMPT_TOKENS, COMPLETION_TOKENS = 1200, 80
WRONG = 3  # the first WRONG proposal cases get a tree with its last rule dropped


def _cases() -> list[EvalCase]:
    cases = load_cases("dev")
    categories = dict.fromkeys(case.category for case in cases)
    return [chosen for category in categories for chosen in select_cases(cases, category, 2)]


def _answer(case: EvalCase, wrong: bool) -> dict[str, object]:
    if case.expected_outcome == "clarification":
        return {"status": "clarification", "question": "Which one do you mean?", "term": "active"}
    if case.expected_outcome == "refusal":
        return {"status": "refusal", "reason": "Not an audience request.", "category": "unsafe"}
    assert case.expected_rules is not None
    tree = case.expected_rules.model_dump(mode="json")
    if wrong:
        tree["root"]["rules"] = tree["root"]["rules"][:-1] or tree["root"]["rules"]
        tree["channel"] = "push"
    return {"status": "proposal", "explanation": "Scripted.", "rules": tree}


def _script(cases: list[EvalCase]) -> dict[str, str]:
    """Request text (as the prompt renders it) → JSON answer."""
    script: dict[str, str] = {}
    wrong_left = WRONG
    for case in cases:
        wrong = case.expected_outcome == "proposal" and wrong_left > 0
        wrong_left -= wrong
        answer = json.dumps(_answer(case, wrong))
        for turn in case.conversation:
            script[inert(turn, limit=2_000)] = answer
    return script


def _responder(script: dict[str, str]) -> Responder:
    """Function mode: each request is answered with the script's answer to its request text."""

    def respond(body: RequestBody) -> str:
        last = str(body["messages"][-1]["content"])  # type: ignore[index]
        request = last.rsplit("<request>\n", 1)[1].split("\n</request>", 1)[0]
        return script[request]

    return respond


@pytest.fixture()
def server(openai_server: FakeOpenAIServer) -> FakeOpenAIServer:
    openai_server.respond_with(
        _responder(_script(_cases())), usage=(PROMPT_TOKENS, COMPLETION_TOKENS)
    )
    return openai_server


def _run(server: FakeOpenAIServer, catalog: Catalog, demo_db: Path, cache: ResponseCache):
    client = openai.OpenAI(base_url=server.url, api_key="test-key", max_retries=0)
    planner = LLMPlanner(client, "gpt-4o-mini", name="openai", timeout=10)
    planning = Planning(planner.plan, catalog, planner_identity(planner), cache)
    with AudienceEngine(demo_db, catalog) as engine:
        return run_eval(EvalRun(_cases(), planning, engine, str(demo_db), workers=4))


@pytest.mark.slow
def test_llm_planner_eval_end_to_end(
    server: FakeOpenAIServer, catalog: Catalog, demo_db: Path, tmp_path: Path
) -> None:
    cache = ResponseCache(tmp_path / "evals-cache")
    first = _run(server, catalog, demo_db, cache)
    calls = len(server.requests)
    turns = sum(len(case.conversation) for case in _cases())
    assert calls == turns  # one model call per turn: every answer was valid first time
    assert first.meta.planner == "openai" and first.meta.model == "gpt-4o-mini"
    assert first.overall.cases == len(_cases())
    assert first.overall.execution_accuracy == pytest.approx(1 - WRONG / len(_cases()))
    assert len(first.failures) == WRONG
    assert all(failure.got_text for failure in first.failures)
    assert first.overall.prompt_tokens == PROMPT_TOKENS * turns
    expected_cost = cost_usd("gpt-4o-mini", PROMPT_TOKENS * turns, COMPLETION_TOKENS * turns)
    assert first.overall.cost_usd == pytest.approx(expected_cost)

    second = _run(server, catalog, demo_db, cache)
    assert len(server.requests) == calls  # everything came from the cache
    assert second.overall.cached_cases == second.overall.cases
    assert second.overall.cost_usd == 0.0
    assert second.overall.answer_cost_usd == pytest.approx(expected_cost)
    assert second.overall.execution_accuracy == first.overall.execution_accuracy
    write_reports(second, tmp_path / "reports")
    assert json.loads((tmp_path / "reports" / LATEST_JSON).read_text())["cases"] == len(_cases())


def test_wrong_tree_is_really_wrong(catalog: Catalog) -> None:
    wrong = [json.loads(answer) for answer in _script(_cases()).values()]
    trees = [RuleTree.model_validate(a["rules"]) for a in wrong if a["status"] == "proposal"]
    assert sum(tree.channel is not None and tree.channel == "push" for tree in trees) >= 1


@pytest.mark.slow
def test_cli_openai_planner_uses_the_cache(
    server: FakeOpenAIServer, demo_db: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from ui.cli.main import app

    env = {
        "PERIMETER_HOME": str(tmp_path),
        "PERIMETER_DATABASE": str(demo_db),
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": server.url,
        "PERIMETER_MODEL": "gpt-4o-mini",
    }
    args = ["eval", "--planner", "openai", "--domain", "demo", "--dataset", "dev", "--limit", "2"]
    args.append("--json")
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    requests = len(server.requests)
    second = CliRunner().invoke(app, args, env=env)
    assert second.exit_code == 0, second.output
    assert len(server.requests) == requests == 2
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert (one["cached_cases"], two["cached_cases"]) == (0, 2)
    assert one["cost_usd"] > 0 and two["cost_usd"] == 0.0
    assert one["meta"]["model"] == "gpt-4o-mini" and one["meta"]["prompt_version"]
    assert (tmp_path / "evals-cache").is_dir()
