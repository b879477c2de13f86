"""The latest eval report, read from ``<home>/reports/latest.json`` (written by ``perimeter eval``).

The page only reads the JSON: it never runs evals. Unknown keys are ignored so the report can grow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

REPORT_NAME = "latest.json"
HTML_NAME = "latest.html"

Row = dict[str, JsonValue]


@dataclass(frozen=True)
class EvalReport:
    """The parts of a report the page shows."""

    path: Path
    summary: Row
    """Top-level scalar figures: planner, model, cases, execution_accuracy..."""
    categories: list[Row]
    failures: list[Row]
    html: Path | None


def reports_dir(home: Path) -> Path:
    """Where ``perimeter eval`` writes its reports."""
    return home / "reports"


def load_latest(home: Path) -> EvalReport | None:
    """The latest report, or None when no eval has run yet.

    Raises:
        ValueError: the file exists but is not a JSON object.
    """
    path = reports_dir(home) / REPORT_NAME
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"Eval report {str(path)!r} is not a JSON object.")
    html = path.with_name(HTML_NAME)
    return EvalReport(
        path=path,
        summary={k: v for k, v in data.items() if not isinstance(v, dict | list)},
        categories=_category_rows(data.get("categories") or data.get("per_category")),
        failures=[f for f in _as_list(data.get("failures")) if isinstance(f, dict)],
        html=html if html.is_file() else None,
    )


def _category_rows(value: JsonValue) -> list[Row]:
    if isinstance(value, dict):
        return [
            {"category": name, **figures}
            if isinstance(figures, dict)
            else {"category": name, "value": figures}
            for name, figures in value.items()
        ]
    return [row for row in _as_list(value) if isinstance(row, dict)]


def _as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []
