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
    args = ["eval", "--planner", "offline", "--dataset", "dev", "--limit", "12", "--json"]
    result = CliRunner().invoke(app, [*args, "--report", str(reports)], env=env)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["cases"] == 12
    assert 0.0 <= document["execution_accuracy"] <= 1.0
    assert document["meta"]["planner"] == "offline"
    assert set(document["categories"]) <= {"single_attribute", "multi_attribute"}
    assert (reports / "latest.json").is_file() and (reports / "latest.html").is_file()


def test_eval_category_filter_default_report_dir_and_baseline(
    env: dict[str, str], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    args = ["eval", "--planner", "offline", "--category", "negation", "--write-baseline"]
    result = CliRunner().invoke(app, [*args, str(baseline)], env=env)
    assert result.exit_code == 0, result.output
    assert "negation" in result.stdout
    written = load_baseline(baseline)
    assert set(written.datasets) == {"dev", "heldout_test"}
    assert all(set(d.categories) == {"negation"} for d in written.datasets.values())
    assert (Path(env["PERIMETER_HOME"]) / "reports" / "latest.json").is_file()


def test_unknown_dataset_exits_2(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["eval", "--planner", "offline", "--dataset", "nope"], env=env)
    assert result.exit_code == 2
