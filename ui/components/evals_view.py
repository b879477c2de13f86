"""The eval reports ``perimeter eval`` writes into ``<home>/reports`` (``latest.json`` and one
dated ``eval-<planner>-<stamp>.json`` per run). The page only reads the JSON; it never runs evals.
Unknown keys are ignored, so the report can grow. Cells are keyed by codes (``cases``,
``execution_accuracy``, ``flagged_wrong``…); the page heads them in its language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

REPORT_NAME = "latest.json"
HTML_NAME = "latest.html"
CLASSES = ("correct", "asked", "flagged_wrong", "silent_wrong", "unsafe")
"""How every case ends: right; a question or refusal; wrong with a warning shown before the
count; wrong without one; unsafe."""
ASKED_SPLIT = ("asked_offered", "asked_missed")
"""Inside 'asked', where an audience was expected: the question offered it among its options /
it did not (a question that hides the right answer)."""
SPLIT_ORDER = ("dev", "heldout")
META = ("planner", "model", "prompt_version", "finished_at")
MISSING = "—"

Row = dict[str, JsonValue]
Cells = dict[str, str]


@dataclass(frozen=True)
class SplitView:
    """One dataset of a domain (development or held-out), formatted for the page."""

    split: str
    dataset: str
    summary: Cells
    """cases, execution_accuracy, silent_wrong (the rate) and reliability (RS(10)), formatted."""
    categories: list[Cells]
    """One row per category: category, cases, exec (execution accuracy) and the five classes,
    'asked' followed by its split (offered / missed)."""


@dataclass(frozen=True)
class DomainView:
    """One domain: its splits side by side, and the gap between them."""

    name: str
    splits: list[SplitView]
    gap: Cells | None
    """Development − held-out, signed: accuracy and silent (points), reliability (RS(10))."""


@dataclass(frozen=True)
class LatestReport:
    """The parts of the latest report the page shows."""

    path: Path
    meta: Cells
    domains: list[DomainView]
    failures: list[Row]
    html: Path | None


def percent(value: JsonValue) -> str:
    """A rate as a percentage; '—' when the report has none.

    >>> percent(0.903), percent(None)
    ('90.3%', '—')
    """
    return f"{value:.1%}" if isinstance(value, int | float) else MISSING


def whole(value: JsonValue) -> str:
    """A count with separators; '—' when missing.

    >>> whole(1234), whole(None)
    ('1,234', '—')
    """
    return f"{value:,}" if isinstance(value, int) else MISSING


def signed(value: JsonValue) -> str:
    """RS(10) with its sign ('+0.45'); '—' when missing."""
    return f"{value:+.2f}" if isinstance(value, int | float) else MISSING


def text(value: JsonValue) -> str:
    """Any value as text; '—' for a missing one (never 'None')."""
    return MISSING if value is None or value == "" else str(value)


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
    meta_cells = {k: text(meta.get(k)) for k in META} if isinstance(meta, dict) else {}
    html = path.with_name(HTML_NAME)
    return LatestReport(
        path=path,
        meta=meta_cells,
        domains=domain_views(data.get("domains")),
        failures=[f for f in _as_list(data.get("failures")) if isinstance(f, dict)],
        html=html if html.is_file() else None,
    )


def _summary(figures: dict[str, JsonValue]) -> Cells:
    return {
        "cases": whole(figures.get("cases")),
        "execution_accuracy": percent(figures.get("execution_accuracy")),
        "silent_wrong": percent(figures.get("silent_wrong_rate")),
        "reliability": signed(figures.get("reliability_score")),
    }


def _category_row(name: str, figures: dict[str, JsonValue]) -> Cells:
    classes = figures.get("classes")
    counts = classes if isinstance(classes, dict) else {}
    row = {
        "category": name,
        "cases": whole(figures.get("cases")),
        "exec": percent(figures.get("execution_accuracy")),
    }
    for code in CLASSES:
        row[code] = whole(counts.get(code))
        if code == "asked":
            row |= {k: whole(figures.get(k)) for k in ASKED_SPLIT}
    return row


def _split(dataset: str, figures: dict[str, JsonValue]) -> SplitView:
    categories = figures.get("categories")
    rows = [
        _category_row(name, part)
        for name, part in (categories.items() if isinstance(categories, dict) else ())
        if isinstance(part, dict)
    ]
    return SplitView(str(figures.get("split", dataset)), dataset, _summary(figures), rows)


def _gap(value: JsonValue) -> Cells | None:
    if not isinstance(value, dict):
        return None
    points = [value.get(k) for k in ("execution_accuracy_points", "silent_wrong_points")]
    rs = value.get("reliability_points")
    if not all(isinstance(p, int | float) for p in [*points, rs]):
        return None
    accuracy, silent = (f"{p:+.1f}" for p in points)
    return {"accuracy": accuracy, "silent": silent, "reliability": signed(rs)}


def domain_views(value: JsonValue) -> list[DomainView]:
    """One view per domain: development and held-out side by side (never mixed)."""
    if not isinstance(value, dict):
        return []
    views = []
    for name, domain in value.items():
        datasets = domain.get("datasets") if isinstance(domain, dict) else None
        if not isinstance(domain, dict) or not isinstance(datasets, dict):
            continue
        splits = [_split(d, f) for d, f in datasets.items() if isinstance(f, dict)]
        splits.sort(key=lambda v: SPLIT_ORDER.index(v.split) if v.split in SPLIT_ORDER else 9)
        views.append(DomainView(name, splits, _gap(domain.get("gap"))))
    return views


def planner_rows(home: Path) -> list[Cells]:
    """The newest dated report of each planner: planner, model, when, cases, accuracy."""
    newest: dict[str, tuple[str, Cells]] = {}
    for path in sorted(reports_dir(home).glob("eval-*.json")):
        try:
            data = _read(path)
        except ValueError:
            continue
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        assert isinstance(meta, dict)
        planner = str(meta.get("planner", path.stem))
        finished = text(meta.get("finished_at"))
        row = {
            "planner": planner,
            "model": text(meta.get("model")),
            "finished": finished,
            "cases": whole(data.get("cases")),
            "execution_accuracy": percent(data.get("execution_accuracy")),
        }
        if planner not in newest or finished >= newest[planner][0]:
            newest[planner] = (finished, row)
    return [row for _, row in newest.values()]


def _as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []
