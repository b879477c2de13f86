"""The eval reports ``perimeter eval`` writes into ``<home>/reports`` (``latest.json`` and one
dated ``eval-<planner>-<stamp>.json`` per run). The page only reads the JSON; it never runs evals.
Unknown keys are ignored, so the report can grow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

REPORT_NAME = "latest.json"
HTML_NAME = "latest.html"
HEADLINE = (
    "cases",
    "execution_accuracy",
    "silent_wrong_rate",
    "reliability_score",
    "outcome_accuracy",
    "safety_rate",
)
CLASSES = ("correct", "asked", "flagged_wrong", "silent_wrong", "unsafe")
META = ("planner", "model", "prompt_version", "finished_at", "catalog_fingerprint")

Row = dict[str, JsonValue]


@dataclass(frozen=True)
class LatestReport:
    """The parts of the latest report the page shows."""

    path: Path
    headline: Row
    meta: Row
    categories: list[Row]
    domains: list[Row]
    """One row per domain and dataset: cases, accuracy, the five classes, RS(10)."""
    failures: list[Row]
    html: Path | None


def reports_dir(home: Path) -> Path:
    """Where ``perimeter eval`` writes its reports."""
    return home / "reports"


def _read(path: Path) -> dict[str, JsonValue]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"Eval report {str(path)!r} is not a JSON object.")
    return data


def load_latest(home: Path) -> LatestReport | None:
    """The latest report, or None when no eval has run yet.

    Raises:
        ValueError: the file exists but is not a JSON object (``json.JSONDecodeError`` included).
    """
    path = reports_dir(home) / REPORT_NAME
    if not path.is_file():
        return None
    data = _read(path)
    meta = data.get("meta")
    meta_row = {k: meta.get(k) for k in META} if isinstance(meta, dict) else {}
    html = path.with_name(HTML_NAME)
    return LatestReport(
        path=path,
        headline={k: data[k] for k in HEADLINE if k in data},
        meta=meta_row,
        categories=category_rows(data.get("categories")),
        domains=domain_rows(data.get("domains")),
        failures=[f for f in _as_list(data.get("failures")) if isinstance(f, dict)],
        html=html if html.is_file() else None,
    )


def category_rows(value: JsonValue) -> list[Row]:
    """One row per category: its name and headline figures."""
    if not isinstance(value, dict):
        return []
    return [
        {"category": name, **{k: figures.get(k) for k in HEADLINE}}
        for name, figures in value.items()
        if isinstance(figures, dict)
    ]


def _figures(name: str, dataset: str, figures: dict[str, JsonValue]) -> Row:
    classes = figures.get("classes")
    counts = {k: classes.get(k) for k in CLASSES} if isinstance(classes, dict) else {}
    return {
        "domain": name,
        "dataset": dataset,
        "cases": figures.get("cases"),
        "execution_accuracy": figures.get("execution_accuracy"),
        **counts,
        "reliability_score": figures.get("reliability_score"),
    }


def domain_rows(value: JsonValue) -> list[Row]:
    """One row per domain and dataset, then the domain's total ('all')."""
    if not isinstance(value, dict):
        return []
    rows: list[Row] = []
    for name, domain in value.items():
        if not isinstance(domain, dict):
            continue
        datasets = domain.get("datasets")
        for dataset, figures in (datasets if isinstance(datasets, dict) else {}).items():
            if isinstance(figures, dict):
                rows.append(_figures(name, dataset, figures))
        rows.append(_figures(name, "all", domain))
    return rows


def planner_rows(home: Path) -> list[Row]:
    """The newest dated report of each planner: planner, model, cases, accuracy, when."""
    newest: dict[str, Row] = {}
    for path in sorted(reports_dir(home).glob("eval-*.json")):
        try:
            data = _read(path)
        except ValueError:
            continue
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        assert isinstance(meta, dict)
        planner = str(meta.get("planner", path.stem))
        row: Row = {
            "planner": planner,
            "model": meta.get("model"),
            "finished": meta.get("finished_at"),
            "cases": data.get("cases"),
            "execution_accuracy": data.get("execution_accuracy"),
        }
        if planner not in newest or str(row["finished"]) >= str(newest[planner]["finished"]):
            newest[planner] = row
    return list(newest.values())


def _as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []
