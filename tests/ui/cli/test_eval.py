"""``perimeter eval`` through the CLI with the offline planner on the small demo database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals import load_baseline
from ui.cli.main import app


@pytest.fixture()
def env(tmp_path: Path, demo_db: Path) -> dict[str, str]:
    return {
        "PERIMETER_HOME": str(tmp_path / "home"),
        "PERIMETER_DATABASE": str(demo_db),
        "PERIMETER_PLANNER": "openai",  # --planner must win over the environment
    }


def test_eval_json_and_reports(env: dict[str, str], tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    args = ["eval", "--planner", "offline", "--domain", "demo", "--dataset", "dev", "--limit", "12"]
    args.append("--json")
    result = CliRunner().invoke(app, [*args, "--report", str(reports)], env=env)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["cases"] == 12
    assert 0.0 <= document["execution_accuracy"] <= 1.0
    assert document["meta"]["planner"] == "offline"
    assert set(document["categories"]) <= {"single_attribute", "multi_attribute"}
    assert set(document["domains"]) == {"demo"}
    assert sum(document["classes"].values()) == 12
    assert (reports / "latest.json").is_file() and (reports / "latest.html").is_file()


def test_eval_category_filter_default_report_dir_and_baseline(
    env: dict[str, str], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    args = ["eval", "--planner", "offline", "--domain", "demo", "--category", "negation"]
    args.append("--write-baseline")
    result = CliRunner().invoke(app, [*args, str(baseline)], env=env)
    assert result.exit_code == 0, result.output
    assert "negation" in result.stdout
    written = load_baseline(baseline)
    datasets = written.domains["demo"].datasets
    assert set(datasets) == {
        "dev",
        "heldout_test",
        "dev_blind",
        "dev3_blind",
        "dev4_blind",
        "dev5_blind",
        "dev6_blind",
        "dev7_blind",
        "dev8_blind",
        "dev9_blind",
        "dev11_blind",
        "dev12_blind",
        "heldout_blind",
        "heldout_r8_blind",
        "heldout_r9_blind",
        "heldout_r11_blind",
        "heldout_r12_blind",
    }
    assert all(set(d.categories) == {"negation"} for d in datasets.values())
    assert (Path(env["PERIMETER_HOME"]) / "reports" / "latest.json").is_file()


def test_unknown_dataset_exits_2(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["eval", "--planner", "offline", "--dataset", "nope"], env=env)
    assert result.exit_code == 2


CASES = [
    {"id": "own-vip", "category": "vip", "conversation": ["VIP customers"],
     "expected_outcome": "proposal",
     "expected_sql": "SELECT customer_id FROM customers WHERE loyalty_tier = 'vip'"},
    {"id": "own-poem", "conversation": ["write me a poem"], "expected_outcome": "refusal"},
]  # fmt: skip


def _write(path: Path, cases: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(case) for case in cases) + "\n")
    return path


def test_eval_own_cases_with_sql_expectations(env: dict[str, str], tmp_path: Path) -> None:
    cases = _write(tmp_path / "mine.jsonl", CASES)
    for flag in ("--cases", "--dataset"):
        args = ["eval", "--planner", "offline", flag, str(cases), "--json"]
        result = CliRunner().invoke(app, [*args, "--report", str(tmp_path / "r")], env=env)
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["cases"] == 2
        assert set(document["domains"]["demo"]["datasets"]) == {"mine"}
        verdicts = {r["case_id"]: r["verdict"] for r in document["results"]}
        assert verdicts == {"own-vip": "correct", "own-poem": "correct"}


def test_eval_own_cases_that_do_not_fit_exit_2_naming_the_case(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = dict(CASES[0], id="own-shoe", expected_sql="SELECT customer_id FROM customers "
               "WHERE shoe_size > 42")  # fmt: skip
    cases = _write(tmp_path / "mine.jsonl", [CASES[1], bad])
    result = CliRunner().invoke(
        app, ["eval", "--planner", "offline", "--cases", str(cases)], env=env
    )
    assert result.exit_code == 2
    assert "own-shoe" in result.output and "own-poem" not in result.output
