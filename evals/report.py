"""Render an ``EvalReport``: terminal table, JSON, self-contained HTML; write and reload files.

The JSON puts the headline figures at the top level (``cases``, ``execution_accuracy``,
``categories``...) and keeps ``meta`` and every case result, so ``load_report`` can rebuild the
report (the UI's Evals page reads ``latest.json``).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

from pydantic import BaseModel
from rich.table import Table

from evals.results import CaseResult, EvalReport, RunMeta, Summary, build_report

TEMPLATE = Path(__file__).parent / "report_template.html"
LATEST_JSON = "latest.json"
LATEST_HTML = "latest.html"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


# --- terminal -----------------------------------------------------------------------------------


def render_table(report: EvalReport) -> Table:
    """Per-category execution accuracy (one column per dataset when there are several)."""
    datasets = list(report.datasets)
    table = Table(title=f"Eval: {report.meta.planner} on {', '.join(datasets)}")
    for header in ("category", "cases", *(f"exec {name}" for name in datasets), "exec", "outcome"):
        table.add_column(header, justify="left" if header == "category" else "right")
    for category, summary in report.categories.items():
        table.add_row(category, *_row(report, summary, category))
    table.add_section()
    table.add_row("overall", *_row(report, report.overall, None), style="bold")
    return table


def _row(report: EvalReport, summary: Summary, category: str | None) -> list[str]:
    cells = [str(summary.cases)]
    for dataset in report.datasets.values():
        part = dataset.overall if category is None else dataset.categories.get(category)
        cells.append(_pct(part.execution_accuracy) if part else "–")
    return [*cells, _pct(summary.execution_accuracy), _pct(summary.outcome_accuracy)]


# --- JSON ---------------------------------------------------------------------------------------


def _summary_json(summary: Summary) -> dict[str, object]:
    return summary.model_dump(mode="json")


def report_json(report: EvalReport) -> dict[str, object]:
    """The JSON document: headline figures, categories, datasets, meta, failures and results."""
    return {
        **_summary_json(report.overall),
        "categories": {name: _summary_json(s) for name, s in report.categories.items()},
        "datasets": {
            name: {**_summary_json(d.overall), "categories": _categories_json(d.categories)}
            for name, d in report.datasets.items()
        },
        "meta": report.meta.model_dump(mode="json"),
        "failures": [_failure_json(result) for result in report.failures],
        "results": [result.model_dump(mode="json") for result in report.results],
    }


def _categories_json(categories: dict[str, Summary]) -> dict[str, object]:
    return {name: _summary_json(summary) for name, summary in categories.items()}


def _failure_json(result: CaseResult) -> dict[str, object]:
    return result.model_dump(
        mode="json",
        include={
            "case_id", "dataset", "category", "conversation", "expected_outcome", "got_outcome",
            "expected_text", "got_text", "expected_count", "got_count", "details", "error",
        },
    )  # fmt: skip


class _Stored(BaseModel):
    meta: RunMeta
    results: list[CaseResult]


def load_report(path: Path) -> EvalReport:
    """Rebuild a report from its JSON file (``latest.json`` or a dated one)."""
    stored = _Stored.model_validate(
        {
            key: value
            for key, value in json.loads(path.read_text()).items()
            if key in _Stored.model_fields
        }
    )
    return build_report(stored.meta, stored.results)


# --- HTML ---------------------------------------------------------------------------------------

_COLOURS = ("#2f6fdf", "#e0803a", "#3aa76d", "#9b59b6")
_BAR_H, _GAP, _LABEL_W, _BAR_W = 12, 8, 190, 420


def render_chart(report: EvalReport) -> str:
    """Inline SVG: execution accuracy per category, one bar per dataset."""
    datasets = list(report.datasets.items())
    group_h = _BAR_H * len(datasets) + _GAP
    height = group_h * len(report.categories) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_LABEL_W + _BAR_W + 70}" '
        f'height="{height}" role="img" aria-label="Execution accuracy per category">'
    ]
    for index, category in enumerate(report.categories):
        y = index * group_h + 10
        parts.append(_svg_text(4, y + group_h / 2, category))
        for rank, (_, dataset) in enumerate(datasets):
            summary = dataset.categories.get(category)
            if summary is not None:
                parts.append(_svg_bar(y + rank * _BAR_H, summary.execution_accuracy, rank))
    parts.append(_svg_legend(height - 16, [name for name, _ in datasets]))
    parts.append("</svg>")
    return "".join(parts)


def _svg_text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="11" text-anchor="{anchor}" '
        f'dominant-baseline="middle">{html.escape(text)}</text>'
    )


def _svg_bar(y: float, value: float, rank: int) -> str:
    width = max(1.0, value * _BAR_W)
    colour = _COLOURS[rank % len(_COLOURS)]
    return (
        f'<rect x="{_LABEL_W}" y="{y:.0f}" width="{width:.0f}" height="{_BAR_H - 2}" '
        f'fill="{colour}"><title>{value * 100:.1f}%</title></rect>'
        + _svg_text(_LABEL_W + width + 4, y + _BAR_H / 2, f"{value * 100:.0f}%")
    )


def _svg_legend(y: float, names: list[str]) -> str:
    items = []
    for rank, name in enumerate(names):
        x = _LABEL_W + rank * 150
        colour = _COLOURS[rank % len(_COLOURS)]
        items.append(f'<rect x="{x}" y="{y - 5}" width="10" height="10" fill="{colour}"/>')
        items.append(_svg_text(x + 14, y, name))
    return "".join(items)


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value))}</td>"


def _summary_rows(report: EvalReport) -> str:
    overall = report.overall
    figures = [
        ("Cases", overall.cases),
        ("Execution accuracy", _pct(overall.execution_accuracy)),
        ("Outcome accuracy", _pct(overall.outcome_accuracy)),
        ("Schema-valid rate", _pct(overall.schema_valid_rate)),
        ("Catalog-valid rate", _pct(overall.catalog_valid_rate)),
        ("Mean Jaccard / precision / recall", " / ".join(
            _pct(v) for v in (overall.mean_jaccard, overall.mean_precision, overall.mean_recall)
        )),
        ("Coverage completeness", _pct(overall.coverage_completeness)),
        ("Safety (injection cases)", _pct(overall.safety_rate)),
        ("Latency p50 / p95", f"{overall.latency_ms_p50:.0f} ms / {overall.latency_ms_p95:.0f} ms"),
        (_tokens_label(report), f"{overall.prompt_tokens} / {overall.completion_tokens}"),
        ("Cost paid / of answers", f"${overall.cost_usd:.4f} / ${overall.answer_cost_usd:.4f}"),
        ("Cached cases / errors", f"{overall.cached_cases} / {overall.errors}"),
    ]  # fmt: skip
    return "".join(f"<tr><th>{html.escape(k)}</th>{_cell(v)}</tr>" for k, v in figures)


def _tokens_label(report: EvalReport) -> str:
    estimated = any(result.tokens_estimated for result in report.results)
    return "Tokens (prompt / completion)" + (", tiktoken estimate" if estimated else "")


def _category_rows(report: EvalReport) -> str:
    rows = []
    for category, summary in report.categories.items():
        cells = [_cell(category), _cell(summary.cases)]
        for dataset in report.datasets.values():
            part = dataset.categories.get(category)
            cells.append(_cell(_pct(part.execution_accuracy) if part else "–"))
        cells += [_cell(_pct(summary.execution_accuracy)), _cell(_pct(summary.mean_jaccard))]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return "".join(rows)


def _failure_block(result: CaseResult) -> str:
    turns = "".join(f"<li>{html.escape(turn)}</li>" for turn in result.conversation)
    detail = result.details.get("execution", "")
    counts = f"expected {_count(result.expected_count)} members, got {_count(result.got_count)}"
    counts = f"members: {detail}" if detail.startswith("expected") else f"{counts}; {detail}"
    return (
        f'<div class="case"><h3>{html.escape(result.case_id)} '
        f'<span class="tag">{html.escape(result.category)}</span></h3>'
        f"<ol class='turns'>{turns}</ol>"
        f"<p><b>Expected</b> ({html.escape(result.expected_outcome)}): "
        f"{html.escape(result.expected_text or '—')}</p>"
        f"<p><b>Got</b> ({html.escape(result.got_outcome)}): "
        f"{html.escape(result.got_text or '—')}</p>"
        f"<p class='muted'>{html.escape(counts)}"
        f"{html.escape('. ' + result.error) if result.error else ''}</p></div>"
    )


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def render_html(report: EvalReport) -> str:
    """A self-contained page (inline CSS and SVG, no external asset)."""
    meta = report.meta
    values = {
        "title": html.escape(f"Perimeter eval — {meta.planner}"),
        "meta": html.escape(
            f"planner {meta.planner} · model {meta.model or '–'} · "
            f"prompt {meta.prompt_version or '–'}"
            f" · catalog {meta.catalog_name} {meta.catalog_fingerprint[:12]} · as_of "
            f"{meta.as_of.isoformat()} · datasets {', '.join(meta.datasets)} · "
            f"{meta.finished_at.isoformat(timespec='seconds')}"
        ),
        "summary_rows": _summary_rows(report),
        "chart": render_chart(report),
        "dataset_headers": "".join(f"<th>exec {html.escape(n)}</th>" for n in report.datasets),
        "category_rows": _category_rows(report),
        "failure_count": str(len(report.failures)),
        "failures": "".join(_failure_block(result) for result in report.failures)
        or "<p>No failing case.</p>",
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


def write_reports(report: EvalReport, directory: Path) -> list[Path]:
    """Write dated JSON + HTML and refresh ``latest.json`` / ``latest.html``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report.meta.finished_at.strftime("%Y%m%dT%H%M%SZ")
    stem = f"eval-{report.meta.planner}-{stamp}"
    document = json.dumps(report_json(report), indent=1, ensure_ascii=False)
    page = render_html(report)
    paths = []
    for name, text in (
        (f"{stem}.json", document),
        (f"{stem}.html", page),
        (LATEST_JSON, document),
        (LATEST_HTML, page),
    ):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
