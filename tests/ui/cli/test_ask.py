"""``perimeter ask`` and ``perimeter chat`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.schema import PlanOutput
from audience.rules import Attribute, Group, Op, RuleTree
from tests.support.fake_openai_server import FakeOpenAIServer
from ui.cli.main import app

SEED = "VIP customers who have bought at least twice in store in the last 6 months"
runner = CliRunner()


@pytest.fixture
def env(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PERIMETER_PLANNER", "PERIMETER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    return {"PERIMETER_DATABASE": str(demo_db), "PERIMETER_HOME": str(tmp_path / "home")}


def ask_json(env: dict[str, str], *args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["ask", *args, "--json"], env=env)
    return result.exit_code, json.loads(result.stdout)


def test_ask_json_contract(env: dict[str, str], tmp_path: Path) -> None:
    code, report = ask_json(env, SEED)
    assert code == 0
    assert report["status"] == "proposal"
    assert {"status", "explanation", "rules", "count", "sql", "coverage"} <= set(report)
    assert isinstance(report["count"], int) and report["count"] > 0
    tree = RuleTree.model_validate(report["rules"])
    assert tree.root.rules[0] == Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps(report["rules"]), encoding="utf-8")
    counted = runner.invoke(app, ["count", str(rules_file), "--json"], env=env)
    assert counted.exit_code == 0
    assert json.loads(counted.stdout)["count"] == report["count"]


def test_ask_text_shows_everything(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["ask", SEED], env=env)
    assert result.exit_code == 0
    for heading in ("Coverage:", "Count:", "Sample (PII masked):", "SQL (duckdb):"):
        assert heading in result.stdout
    assert "'at least twice'" in result.stdout
    assert "profiles, data as of 2026-10-01 00:00 UTC (fixed in the catalog)" in result.stdout


def test_ask_french_seed(env: dict[str, str]) -> None:
    code, report = ask_json(
        env, "clients VIP qui ont acheté au moins deux fois en magasin ces 6 derniers mois"
    )
    english_code, english = ask_json(env, SEED)
    assert code == english_code == 0
    assert report["count"] == english["count"]


def test_ask_refusal(env: dict[str, str]) -> None:
    code, report = ask_json(env, "DROP TABLE customers")
    assert code == 0
    assert report["status"] == "refusal"
    assert report["rules"] is None and report["sql"] is None


def test_ask_with_conversation_refines(env: dict[str, str], tmp_path: Path) -> None:
    _, first = ask_json(env, SEED)
    turns = [
        {"role": "user", "text": SEED},
        {"role": "assistant", "text": first["explanation"], "rules": first["rules"]},
    ]
    history = tmp_path / "conversation.json"
    history.write_text(json.dumps(turns), encoding="utf-8")
    code, report = ask_json(env, "only those in Lyon", "--conversation", str(history))
    assert code == 0
    tree = RuleTree.model_validate(report["rules"])
    assert Attribute(field="customers.city", op=Op.EQ, value="Lyon") in tree.root.rules
    assert isinstance(report["count"], int) and report["count"] <= int(first["count"])  # type: ignore[call-overload]


def test_a_conversation_file_carries_the_notices_of_the_tree_it_edits(
    env: dict[str, str], tmp_path: Path
) -> None:
    _, first = ask_json(env, "recent buyers")
    assert first["notices"]
    turns = [
        {"role": "user", "text": "recent buyers"},
        {
            "role": "assistant",
            "text": first["explanation"],
            "rules": first["rules"],
            "notices": first["notices"],
        },
    ]
    history = tmp_path / "conversation.json"
    history.write_text(json.dumps(turns), encoding="utf-8")
    code, report = ask_json(env, "only the VIP ones", "--conversation", str(history))
    assert code == 0
    assert report["notices"] == first["notices"]
    codes = {issue["code"] for issue in report["issues"]}  # type: ignore[attr-defined]
    assert "notice_carried" in codes


def test_bad_conversation_file(env: dict[str, str], tmp_path: Path) -> None:
    history = tmp_path / "conversation.json"
    history.write_text('[{"role": "robot", "text": "hi"}]', encoding="utf-8")
    code, report = ask_json(env, SEED, "--conversation", str(history))
    assert code == 2
    assert "error" in report


def test_openai_without_key_is_a_clear_error(env: dict[str, str]) -> None:
    code, report = ask_json(env, SEED, "--planner", "openai")
    assert code == 2
    assert "OPENAI_API_KEY" in str(report["error"])


def test_unknown_planner(env: dict[str, str]) -> None:
    code, _ = ask_json(env, SEED, "--planner", "gpt")
    assert code == 2


def _scripted_seed() -> str:
    tree = RuleTree(
        root=Group(rules=[Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")])
    )
    return PlanOutput(status="proposal", explanation="VIP customers.", rules=tree).model_dump_json()


def test_ask_openai_planner_over_http(env: dict[str, str], openai_server: FakeOpenAIServer) -> None:
    openai_server.enqueue(_scripted_seed())
    env = {**env, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": openai_server.url}
    code, report = ask_json(env, "VIP customers", "--planner", "openai")
    assert code == 0
    assert report["status"] == "proposal"
    assert report["usage"]["prompt_tokens"] == 1200  # type: ignore[index]
    assert openai_server.requests[0]["response_format"]["type"] == "json_schema"  # type: ignore[index]


def test_ask_local_planner_uses_json_object(
    env: dict[str, str], openai_server: FakeOpenAIServer
) -> None:
    openai_server.enqueue(_scripted_seed())
    env = {**env, "OPENAI_BASE_URL": openai_server.url, "PERIMETER_PLANNER": "local"}
    code, report = ask_json(env, "VIP customers")
    assert code == 0
    assert report["usage"]["cost_usd"] == 0.0  # type: ignore[index]
    assert openai_server.requests[0]["response_format"]["type"] == "json_object"  # type: ignore[index]


def test_model_failure_exit_code(env: dict[str, str], openai_server: FakeOpenAIServer) -> None:
    for _ in range(3):
        openai_server.enqueue("not json")
    env = {**env, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": openai_server.url}
    code, report = ask_json(env, "VIP customers", "--planner", "openai")
    assert code == 1
    assert report["error"]["issues"][0]["code"] == "malformed_json"  # type: ignore[index]


def test_missing_database_says_what_to_do(env: dict[str, str], tmp_path: Path) -> None:
    own = {**env, "PERIMETER_DATABASE": str(tmp_path / "nothing.duckdb")}
    code, report = ask_json(own, SEED)
    assert code == 1
    assert "PERIMETER_DATABASE" in str(report["error"])
    assert "perimeter demo-data" not in str(report["error"])  # not the demo: no demo advice
    assert report["count"] is None and isinstance(report["sql"], str)
    demo = {k: v for k, v in env.items() if k != "PERIMETER_DATABASE"}
    demo["PERIMETER_HOME"] = str(tmp_path / "empty-home")
    code, report = ask_json(demo, SEED)
    assert code == 1 and "perimeter demo-data" in str(report["error"])


def test_chat_keeps_the_conversation(env: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["chat", "--sample", "0"], input="VIP customers\nonly those in Lyon\nexit\n", env=env
    )
    assert result.exit_code == 0
    assert result.stdout.count("Count:") == 2
    first, second = result.stdout.split("you>")[1:3]
    assert "Lyon" not in first and "Lyon" in second


def test_chat_ends_on_ctrl_d(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["chat"], input="", env=env)
    assert result.exit_code == 0
    assert "Perimeter chat (offline planner)" in result.stdout
