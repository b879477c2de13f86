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

from languages import DEFAULT_LANG, format_number

REPORT_NAME = "latest.json"
HTML_NAME = "latest.html"
CLASSES = ("correct", "asked", "flagged_wrong", "silent_wrong", "unsafe")
"""How every case ends: right; a question or refusal; wrong with a warning shown before the
count; wrong without one; unsafe."""
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
    """One row per category: category, cases, exec (execution accuracy) and the five classes."""


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


def percent(value: JsonValue, language: str = DEFAULT_LANG) -> str:
    """A rate as a percentage in ``language``; '—' when the report has none.

    >>> percent(0.903), percent(0.903, "de"), percent(None)
    ('90.3%', '90,3\xa0%', '—')
    """
    if not isinstance(value, int | float):
        return MISSING
    return format_number(value, language, digits=1, share=True)


def whole(value: JsonValue, language: str = DEFAULT_LANG) -> str:
    """A count with ``language``'s separators; '—' when missing.

    >>> whole(1234), whole(1234, "de"), whole(None)
    ('1,234', '1.234', '—')
    """
    return format_number(value, language) if isinstance(value, int) else MISSING


def signed(value: JsonValue, language: str = DEFAULT_LANG, digits: int = 2) -> str:
    """A figure with its sign and ``digits`` decimals in ``language`` ('+0.45', '−0,45'); '—'
    when missing.

    >>> signed(0.45), signed(-0.45, "fr"), signed(None)
    ('+0.45', '−0,45', '—')
    """
    if not isinstance(value, int | float):
        return MISSING
    sign = "+" if value >= 0 else "−"
    return sign + format_number(abs(value), language, digits=digits)


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


def load_latest(home: Path, language: str = DEFAULT_LANG) -> LatestReport | None:
    """The latest report, its figures written in ``language``; None when no eval has run yet.

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
        domains=domain_views(data.get("domains"), language),
        failures=[f for f in _as_list(data.get("failures")) if isinstance(f, dict)],
        html=html if html.is_file() else None,
    )


def _summary(figures: dict[str, JsonValue], language: str) -> Cells:
    return {
        "cases": whole(figures.get("cases"), language),
        "execution_accuracy": percent(figures.get("execution_accuracy"), language),
        "silent_wrong": percent(figures.get("silent_wrong_rate"), language),
        "reliability": signed(figures.get("reliability_score"), language),
    }


def _category_row(name: str, figures: dict[str, JsonValue], language: str) -> Cells:
    classes = figures.get("classes")
    counts = classes if isinstance(classes, dict) else {}
    row = {
        "category": name,
        "cases": whole(figures.get("cases"), language),
        "exec": percent(figures.get("execution_accuracy"), language),
    }
    return row | {k: whole(counts.get(k), language) for k in CLASSES}


def _split(dataset: str, figures: dict[str, JsonValue], language: str) -> SplitView:
    categories = figures.get("categories")
    rows = [
        _category_row(name, part, language)
        for name, part in (categories.items() if isinstance(categories, dict) else ())
        if isinstance(part, dict)
    ]
    split = str(figures.get("split", dataset))
    return SplitView(split, dataset, _summary(figures, language), rows)


def _gap(value: JsonValue, language: str) -> Cells | None:
    if not isinstance(value, dict):
        return None
    points = [value.get(k) for k in ("execution_accuracy_points", "silent_wrong_points")]
    rs = value.get("reliability_points")
    if not all(isinstance(p, int | float) for p in [*points, rs]):
        return None
    accuracy, silent = (signed(p, language, digits=1) for p in points)
    return {"accuracy": accuracy, "silent": silent, "reliability": signed(rs, language)}


def domain_views(value: JsonValue, language: str = DEFAULT_LANG) -> list[DomainView]:
    """One view per domain: development and held-out side by side (never mixed), its figures
    written in ``language``."""
    if not isinstance(value, dict):
        return []
    views = []
    for name, domain in value.items():
        datasets = domain.get("datasets") if isinstance(domain, dict) else None
        if not isinstance(domain, dict) or not isinstance(datasets, dict):
            continue
        splits = [_split(d, f, language) for d, f in datasets.items() if isinstance(f, dict)]
        splits.sort(key=lambda v: SPLIT_ORDER.index(v.split) if v.split in SPLIT_ORDER else 9)
        views.append(DomainView(name, splits, _gap(domain.get("gap"), language)))
    return views


def planner_rows(home: Path, language: str = DEFAULT_LANG) -> list[Cells]:
    """The newest dated report of each planner: planner, model, when, cases, accuracy (figures
    in ``language``)."""
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
            "cases": whole(data.get("cases"), language),
            "execution_accuracy": percent(data.get("execution_accuracy"), language),
        }
        if planner not in newest or finished >= newest[planner][0]:
            newest[planner] = (finished, row)
    return [row for _, row in newest.values()]


def _as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []
