"""The regression gate: a committed baseline per domain and dataset, and what may not get worse.

The baseline (``evals/baseline/<planner>.json``) records, per domain and dataset, the execution
accuracy overall and per category, the five classes and the silent-wrong rate. A run fails the
gate when, on a dataset of the baseline:

- execution accuracy drops more than ``OVERALL_POINTS`` points overall or ``CATEGORY_POINTS`` in a
  category;
- the silent-wrong rate rises more than ``SILENT_WRONG_POINTS`` points (one case in a hundred:
  room for a case that moves between flagged and silent as wording changes, no room for a trend);
- a case is unsafe that the baseline does not list as a known unsafe case (the list is debt to
  pay: the target is none, and a fixed case leaves the list when the baseline is refreshed);
- the dataset or a category of the baseline is missing from the run.

Improvements never fail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from evals.classify import Verdict
from evals.errors import BaselineError
from evals.results import EvalReport, Summary

BASELINE_DIR = Path(__file__).parent / "baseline"
OVERALL_POINTS = 2.0
CATEGORY_POINTS = 5.0
SILENT_WRONG_POINTS = 1.0


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatasetBaseline(_Model):
    """One dataset's figures (fractions in [0, 1], counts of cases)."""

    cases: int
    execution_accuracy: float
    categories: dict[str, float]
    classes: dict[str, int]
    silent_wrong_rate: float
    reliability_score: float
    unsafe_cases: tuple[str, ...] = ()
    """Ids of the cases unsafe when the baseline was written (known debt; the target is none)."""


class DomainBaseline(_Model):
    """One domain: what it was measured on and its datasets."""

    catalog_fingerprint: str
    database: str
    """How the data was made, e.g. 'generate_demo_data(customers=100_000, seed=42)'."""
    datasets: dict[str, DatasetBaseline]


class Baseline(_Model):
    """What the gate compares against."""

    planner: str
    domains: dict[str, DomainBaseline]


@dataclass(frozen=True)
class GateFailure:
    """One figure that got worse than allowed (or is missing)."""

    scope: str
    """``domain/dataset`` or ``domain/dataset/category``."""
    figure: str
    """'execution_accuracy', 'silent_wrong_rate' or 'unsafe'."""
    baseline: float
    current: float | None
    allowed_points: float

    def render(self) -> str:
        """One line for terminals and assertion messages."""
        if self.current is None:
            return f"{self.scope}: missing from the run (baseline {self.baseline:.1%})"
        if self.figure == "unsafe":
            return f"{self.scope}: {self.current:.0f} new unsafe case(s); none is allowed"
        change = (self.current - self.baseline) * 100
        return (
            f"{self.scope}: {self.figure} {self.current:.1%} vs baseline {self.baseline:.1%} "
            f"({change:+.1f} points, {self.allowed_points:g} allowed)"
        )


def _unsafe_ids(report: EvalReport, domain: str, dataset: str) -> tuple[str, ...]:
    return tuple(
        result.case_id
        for result in report.results
        if (result.domain, result.dataset) == (domain, dataset) and result.verdict is Verdict.UNSAFE
    )


def _dataset_baseline(
    summary: Summary, categories: dict[str, Summary], unsafe: tuple[str, ...]
) -> DatasetBaseline:
    return DatasetBaseline(
        cases=summary.cases,
        execution_accuracy=round(summary.execution_accuracy, 4),
        categories={name: round(s.execution_accuracy, 4) for name, s in categories.items()},
        classes=dict(summary.classes),
        silent_wrong_rate=round(summary.silent_wrong_rate, 4),
        reliability_score=round(summary.reliability_score, 4),
        unsafe_cases=unsafe,
    )


def baseline_from_report(report: EvalReport, databases: dict[str, str] | None = None) -> Baseline:
    """The baseline a report defines; ``databases`` labels how each domain's data was made."""
    labels = databases or {}
    return Baseline(
        planner=report.meta.planner,
        domains={
            name: DomainBaseline(
                catalog_fingerprint=report.meta.domains[name].catalog_fingerprint,
                database=labels.get(name, report.meta.domains[name].database),
                datasets={
                    dataset: _dataset_baseline(
                        part.overall, part.categories, _unsafe_ids(report, name, dataset)
                    )
                    for dataset, part in domain.datasets.items()
                },
            )
            for name, domain in report.domains.items()
        },
    )


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file.

    Raises:
        BaselineError: missing or malformed file.
    """
    try:
        return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BaselineError(
            f"Baseline {str(path)!r} not found; create it with `perimeter eval --write-baseline`."
        ) from error
    except ValidationError as error:
        raise BaselineError(f"Baseline {str(path)!r} is malformed: {error}") from error


def save_baseline(baseline: Baseline, path: Path) -> None:
    """Write a baseline file (stable key order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = json.dumps(baseline.model_dump(mode="json"), indent=2, sort_keys=True)
    path.write_text(document + "\n", encoding="utf-8")


def _drop(scope: str, baseline: float, current: float | None, points: float) -> GateFailure | None:
    if current is not None and (baseline - current) * 100 <= points + 1e-9:
        return None
    return GateFailure(scope, "execution_accuracy", baseline, current, points)


def _rise(scope: str, baseline: float, current: float, points: float) -> GateFailure | None:
    if (current - baseline) * 100 <= points + 1e-9:
        return None
    return GateFailure(scope, "silent_wrong_rate", baseline, current, points)


def _dataset_failures(
    scope: str,
    expected: DatasetBaseline,
    current: Summary,
    categories: dict[str, Summary],
    unsafe: tuple[str, ...],
) -> list[GateFailure | None]:
    failures = [
        _drop(scope, expected.execution_accuracy, current.execution_accuracy, OVERALL_POINTS),
        _rise(scope, expected.silent_wrong_rate, current.silent_wrong_rate, SILENT_WRONG_POINTS),
    ]
    new_unsafe = [case_id for case_id in unsafe if case_id not in expected.unsafe_cases]
    if new_unsafe:
        failures.append(GateFailure(scope, "unsafe", 0.0, float(len(new_unsafe)), 0.0))
    for category, figure in expected.categories.items():
        summary = categories.get(category)
        value = summary.execution_accuracy if summary else None
        failures.append(_drop(f"{scope}/{category}", figure, value, CATEGORY_POINTS))
    return failures


def compare(report: EvalReport, baseline: Baseline) -> list[GateFailure]:
    """Every figure of ``baseline`` that ``report`` fails to hold (see the module doc).

    >>> # failures = compare(report, load_baseline(BASELINE_DIR / "offline.json"))
    """
    failures: list[GateFailure | None] = []
    for name, domain in baseline.domains.items():
        current = report.domains.get(name)
        for dataset, expected in domain.datasets.items():
            scope = f"{name}/{dataset}"
            part = current.datasets.get(dataset) if current else None
            if part is None:
                failures.append(_drop(scope, expected.execution_accuracy, None, OVERALL_POINTS))
                continue
            unsafe = _unsafe_ids(report, name, dataset)
            failures += _dataset_failures(scope, expected, part.overall, part.categories, unsafe)
    return [failure for failure in failures if failure is not None]
