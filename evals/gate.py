"""The regression gate: a committed baseline of execution accuracy, and the drops it tolerates.

The baseline (``evals/baseline/offline.json``) records, per dataset, the overall execution
accuracy and one figure per category. A run fails the gate when, on a dataset of the baseline,
accuracy drops more than ``overall_points`` percentage points overall or ``category_points`` in
any category. Improvements never fail; a dataset or category missing from the run fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from evals.errors import BaselineError
from evals.results import EvalReport

BASELINE_DIR = Path(__file__).parent / "baseline"
OVERALL_POINTS = 2.0
CATEGORY_POINTS = 5.0


class DatasetBaseline(BaseModel):
    """One dataset's figures (fractions in [0, 1])."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cases: int
    execution_accuracy: float
    categories: dict[str, float]


class Baseline(BaseModel):
    """What the gate compares against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    planner: str
    catalog_fingerprint: str
    database: str
    """How the data was made, e.g. 'demo 100000 customers, seed 42'."""
    datasets: dict[str, DatasetBaseline]


@dataclass(frozen=True)
class GateFailure:
    """One figure that dropped too far (or is missing)."""

    dataset: str
    category: str | None
    """None for the dataset's overall figure."""
    baseline: float
    current: float | None
    allowed_points: float

    @property
    def drop_points(self) -> float | None:
        return None if self.current is None else (self.baseline - self.current) * 100

    def render(self) -> str:
        """One line for terminals and assertion messages."""
        scope = f"{self.dataset}/{self.category or 'overall'}"
        if self.current is None:
            return f"{scope}: missing from the run (baseline {self.baseline:.1%})"
        return (
            f"{scope}: {self.current:.1%} vs baseline {self.baseline:.1%} "
            f"(-{self.drop_points:.1f} points, {self.allowed_points:g} allowed)"
        )


def baseline_from_report(report: EvalReport, database: str) -> Baseline:
    """The baseline a report defines (used to refresh ``offline.json``)."""
    return Baseline(
        planner=report.meta.planner,
        catalog_fingerprint=report.meta.catalog_fingerprint,
        database=database,
        datasets={
            name: DatasetBaseline(
                cases=summary.overall.cases,
                execution_accuracy=round(summary.overall.execution_accuracy, 4),
                categories={
                    category: round(figures.execution_accuracy, 4)
                    for category, figures in summary.categories.items()
                },
            )
            for name, summary in report.datasets.items()
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
    """Write a baseline file (stable key order, one figure per line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = json.dumps(baseline.model_dump(mode="json"), indent=2, sort_keys=True)
    path.write_text(document + "\n", encoding="utf-8")


def _check(
    dataset: str, category: str | None, baseline: float, current: float | None, points: float
) -> GateFailure | None:
    if current is not None and (baseline - current) * 100 <= points + 1e-9:
        return None
    return GateFailure(dataset, category, baseline, current, points)


def compare(
    report: EvalReport,
    baseline: Baseline,
    *,
    overall_points: float = OVERALL_POINTS,
    category_points: float = CATEGORY_POINTS,
) -> list[GateFailure]:
    """Every figure of ``baseline`` that ``report`` fails to hold.

    >>> # failures = compare(report, load_baseline(BASELINE_DIR / "offline.json"))
    """
    failures: list[GateFailure | None] = []
    for name, expected in baseline.datasets.items():
        current = report.datasets.get(name)
        overall = current.overall.execution_accuracy if current else None
        failures.append(_check(name, None, expected.execution_accuracy, overall, overall_points))
        for category, figure in expected.categories.items():
            summary = current.categories.get(category) if current else None
            value = summary.execution_accuracy if summary else None
            failures.append(_check(name, category, figure, value, category_points))
    return [failure for failure in failures if failure is not None]
