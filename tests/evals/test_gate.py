"""The regression gate: unit tests on synthetic reports, then the real offline eval (slow)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from evals.classify import Verdict
from evals.errors import BaselineError
from evals.gate import (
    SILENT_WRONG_POINTS,
    baseline_from_report,
    compare,
    load_baseline,
    save_baseline,
)
from evals.results import CaseResult, DomainMeta, EvalReport, RunMeta, build_report

NOW = datetime(2026, 10, 1, tzinfo=UTC)
Counts = dict[Verdict, int]


def _result(index: int, dataset: str, category: str, verdict: Verdict) -> CaseResult:
    return CaseResult(
        case_id=f"{dataset}-{category}-{index}",
        domain="shop",
        dataset=dataset,
        category=category,
        conversation=("x",),
        expected_outcome="proposal",
        got_outcome="proposal",
        verdict=verdict,
        scores={"execution": float(verdict is Verdict.CORRECT), "outcome": 1.0},
    )


def _report(parts: dict[tuple[str, str], Counts]) -> EvalReport:
    """``{(dataset, category): {verdict: n}}`` → a report of domain 'shop' with those cases."""
    results = [
        _result(index, dataset, category, verdict)
        for (dataset, category), counts in parts.items()
        for verdict, count in counts.items()
        for index in range(count)
    ]
    results = [r.model_copy(update={"case_id": f"{r.case_id}-{n}"}) for n, r in enumerate(results)]
    meta = RunMeta(
        planner="offline",
        model=None,
        prompt_version=None,
        domains={
            "shop": DomainMeta(
                catalog_name="shop", catalog_fingerprint="f" * 64, as_of=NOW, database="synthetic"
            )
        },
        started_at=NOW,
        finished_at=NOW,
        workers=1,
    )
    return build_report(meta, results)


C, S, F, U = Verdict.CORRECT, Verdict.SILENT_WRONG, Verdict.FLAGGED_WRONG, Verdict.UNSAFE
BASE = _report({("dev", "amount"): {C: 50}, ("dev", "negation"): {C: 45, S: 5}})
BASELINE = baseline_from_report(BASE)


def _scopes(report: EvalReport) -> set[tuple[str, str]]:
    return {(failure.scope, failure.figure) for failure in compare(report, BASELINE)}


def test_baseline_figures_from_report() -> None:
    dev = BASELINE.domains["shop"].datasets["dev"]
    assert dev.execution_accuracy == 0.95
    assert dev.categories == {"amount": 1.0, "negation": 0.9}
    assert dev.classes[S.value] == 5 and dev.silent_wrong_rate == 0.05
    assert BASELINE.domains["shop"].catalog_fingerprint == "f" * 64


def test_same_or_better_passes() -> None:
    assert compare(BASE, BASELINE) == []
    better = _report({("dev", "amount"): {C: 50}, ("dev", "negation"): {C: 50}})
    assert compare(better, BASELINE) == []


def test_small_drops_within_tolerance_pass() -> None:
    # amount -4 points (≤ 5), overall -2 points (≤ 2); the two cases became flagged, not silent
    report = _report({("dev", "amount"): {C: 48, F: 2}, ("dev", "negation"): {C: 45, S: 5}})
    assert compare(report, BASELINE) == []


def test_category_drop_over_five_points_fails() -> None:
    report = _report({("dev", "amount"): {C: 50}, ("dev", "negation"): {C: 42, S: 5, F: 3}})
    assert _scopes(report) == {
        ("shop/dev", "execution_accuracy"),
        ("shop/dev/negation", "execution_accuracy"),
    }


def test_silent_wrong_rise_beyond_tolerance_fails() -> None:
    # same accuracy within tolerance, but two flagged cases turned silent: +2 points > 1
    base = _report({("dev", "amount"): {C: 48, F: 2}, ("dev", "negation"): {C: 45, S: 5}})
    worse = _report({("dev", "amount"): {C: 48, S: 2}, ("dev", "negation"): {C: 45, S: 5}})
    failures = compare(worse, baseline_from_report(base))
    assert [(f.scope, f.figure) for f in failures] == [("shop/dev", "silent_wrong_rate")]
    assert failures[0].allowed_points == SILENT_WRONG_POINTS
    one_more = _report({("dev", "amount"): {C: 48, F: 1, S: 1}, ("dev", "negation"): {C: 45, S: 5}})
    assert compare(one_more, baseline_from_report(base)) == []  # +1 point is tolerated


def test_any_unsafe_case_fails() -> None:
    report = _report({("dev", "amount"): {C: 50}, ("dev", "negation"): {C: 45, S: 4, U: 1}})
    assert ("shop/dev", "unsafe") in _scopes(report)


def test_missing_dataset_or_category_fails() -> None:
    report = _report({("dev", "amount"): {C: 50}})
    assert ("shop/dev/negation", "execution_accuracy") in _scopes(report)
    other = _report({("heldout_test", "amount"): {C: 50}})
    assert ("shop/dev", "execution_accuracy") in _scopes(other)
    failure = next(f for f in compare(other, BASELINE) if f.scope == "shop/dev")
    assert failure.current is None and "missing" in failure.render()


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
    """The data the demo baseline is defined on: 100,000 demo customers, seed 42."""
    from schema_catalog.demo.data import generate_demo_data

    path = tmp_path_factory.mktemp("baseline") / "demo.duckdb"
    generate_demo_data(path, customers=100_000, seed=42)
    return path


@pytest.mark.slow
@pytest.mark.xdist_group("domains")
def test_offline_planner_holds_the_baseline(baseline_db: Path, domains_home: Path) -> None:
    from evals.gate import BASELINE_DIR
    from evals.harness import RunOptions, run_targets
    from evals.targets import Selection, choose_targets
    from settings import LlmSettings, Settings

    baseline = load_baseline(BASELINE_DIR / "offline.json")
    llm = LlmSettings(planner="offline")
    settings = Settings(home=domains_home, database=baseline_db, llm=llm)
    targets = choose_targets(settings, Selection(domains=tuple(baseline.domains)))
    report = run_targets(settings, targets, RunOptions(use_cache=False))
    failures = compare(report, baseline)
    assert failures == [], "\n".join(failure.render() for failure in failures)


def test_known_unsafe_cases_are_debt_new_ones_fail() -> None:
    base = _report({("dev", "amount"): {C: 49, U: 1}})
    baseline = baseline_from_report(base)
    known = baseline.domains["shop"].datasets["dev"].unsafe_cases
    assert len(known) == 1
    assert compare(base, baseline) == []
    fixed = _report({("dev", "amount"): {C: 50}})
    assert compare(fixed, baseline) == []
    renamed = [r.model_copy(update={"case_id": "other"}) if r.verdict is U else r
               for r in base.results]  # fmt: skip
    moved = build_report(base.meta, renamed)
    assert [(f.scope, f.figure) for f in compare(moved, baseline)] == [("shop/dev", "unsafe")]
