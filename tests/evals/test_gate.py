"""The regression gate: unit tests on synthetic reports, then the real offline eval (slow)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from evals.errors import BaselineError
from evals.gate import (
    Baseline,
    DatasetBaseline,
    baseline_from_report,
    compare,
    load_baseline,
    save_baseline,
)
from evals.results import CaseResult, EvalReport, RunMeta, build_report

NOW = datetime(2026, 10, 1, tzinfo=UTC)


def _result(index: int, dataset: str, category: str, passed: bool) -> CaseResult:
    return CaseResult(
        case_id=f"{dataset}-{category}-{index}",
        dataset=dataset,
        category=category,
        conversation=("x",),
        expected_outcome="proposal",
        got_outcome="proposal",
        scores={"execution": float(passed), "outcome": 1.0, "schema_valid": 1.0},
    )


def _report(passes: dict[tuple[str, str], tuple[int, int]]) -> EvalReport:
    """``{(dataset, category): (passed, total)}`` → a report with those figures."""
    results = [
        _result(index, dataset, category, index < passed)
        for (dataset, category), (passed, total) in passes.items()
        for index in range(total)
    ]
    meta = RunMeta(
        planner="offline",
        model=None,
        prompt_version=None,
        catalog_name="demo",
        catalog_fingerprint="f" * 64,
        as_of=NOW,
        datasets=("dev",),
        database="synthetic",
        started_at=NOW,
        finished_at=NOW,
        workers=1,
    )
    return build_report(meta, results)


BASE = _report({("dev", "amount"): (50, 50), ("dev", "negation"): (45, 50)})
BASELINE = baseline_from_report(BASE, "synthetic")


def test_baseline_figures_from_report() -> None:
    dev = BASELINE.datasets["dev"]
    assert dev.execution_accuracy == 0.95
    assert dev.categories == {"amount": 1.0, "negation": 0.9}


def test_same_or_better_passes() -> None:
    assert compare(BASE, BASELINE) == []
    better = _report({("dev", "amount"): (50, 50), ("dev", "negation"): (50, 50)})
    assert compare(better, BASELINE) == []


def test_small_drops_within_tolerance_pass() -> None:
    # amount -4 points (≤ 5), overall -2 points (≤ 2)
    report = _report({("dev", "amount"): (48, 50), ("dev", "negation"): (45, 50)})
    assert compare(report, BASELINE) == []


def test_category_drop_over_five_points_fails() -> None:
    # negation -6 points; overall -3 points: both fail
    report = _report({("dev", "amount"): (50, 50), ("dev", "negation"): (42, 50)})
    failures = compare(report, BASELINE)
    assert {(f.dataset, f.category) for f in failures} == {("dev", None), ("dev", "negation")}
    negation = next(f for f in failures if f.category == "negation")
    assert negation.drop_points == pytest.approx(6.0)


def test_overall_drop_alone_fails() -> None:
    baseline = Baseline(
        planner="offline",
        catalog_fingerprint="f" * 64,
        database="synthetic",
        datasets={"dev": DatasetBaseline(cases=100, execution_accuracy=0.99, categories={})},
    )
    failures = compare(BASE, baseline)
    assert [(f.category, f.allowed_points) for f in failures] == [(None, 2.0)]


def test_missing_dataset_or_category_fails() -> None:
    report = _report({("dev", "amount"): (50, 50)})
    failures = compare(report, BASELINE)
    assert ("dev", "negation") in {(f.dataset, f.category) for f in failures}
    assert next(f for f in failures if f.category == "negation").current is None
    other = _report({("heldout_test", "amount"): (50, 50)})
    assert {f.dataset for f in compare(other, BASELINE)} == {"dev"}


def test_baseline_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "offline.json"
    save_baseline(BASELINE, path)
    assert load_baseline(path) == BASELINE
    with pytest.raises(BaselineError):
        load_baseline(tmp_path / "missing.json")
    path.write_text("{}")
    with pytest.raises(BaselineError):
        load_baseline(path)


# --- the real offline eval against the committed baseline ---------------------------------------


@pytest.fixture(scope="module")
def baseline_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data the baseline is defined on: 100,000 demo customers, seed 42."""
    from schema_catalog.demo.data import generate_demo_data

    path = tmp_path_factory.mktemp("baseline") / "demo.duckdb"
    generate_demo_data(path, customers=100_000, seed=42)
    return path


@pytest.mark.slow
def test_offline_planner_holds_the_baseline(baseline_db: Path, tmp_path: Path) -> None:
    from evals.gate import BASELINE_DIR
    from evals.harness import RunOptions, open_run
    from evals.runner import run_eval
    from settings import LlmSettings, Settings

    baseline = load_baseline(BASELINE_DIR / "offline.json")
    settings = Settings(home=tmp_path, database=baseline_db, llm=LlmSettings(planner="offline"))
    options = RunOptions(datasets=tuple(baseline.datasets), use_cache=False)
    with open_run(settings, baseline_db, options) as run:
        report = run_eval(run)
    failures = compare(report, baseline)
    assert failures == [], "\n".join(failure.render() for failure in failures)
