"""Render an ``EvalReport``: terminal tables, JSON, self-contained HTML; write and reload files.

The JSON puts the headline figures at the top level (``cases``, ``execution_accuracy``,
``classes``, ``reliability_score``, ``categories``...), then one entry per domain with its datasets
(splits), categories and dev/held-out gap, and keeps ``meta`` and every case result, so
``load_report`` can rebuild the report (the UI's Evals page reads ``latest.json``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from string import Template

from pydantic import BaseModel
from rich.table import Table

from evals.classify import Verdict
from evals.results import (
    CaseResult,
    DomainSummary,
    EvalReport,
    Gap,
    RunMeta,
    Summary,
    build_report,
)

TEMPLATE = Path(__file__).parent / "report_template.html"
LATEST_JSON = "latest.json"
LATEST_HTML = "latest.html"
CLASS_HEADERS = (
    "cases", "exec", "correct", "asked (offered/missed)", "flagged", "silent", "unsafe", "RS(10)",
)  # fmt: skip
"""'asked' carries its split: questions that offered the expected audience / that did not."""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def class_cells(summary: Summary) -> list[str]:
    """Cases, execution accuracy, the five classes and RS(10), as table cells; 'asked' with how
    many of its questions offered the expected audience and how many did not ('9 (4/5)').

    >>> from evals.results import summarize
    >>> summary = summarize([])
    >>> class_cells(summary.model_copy(update={"asked_offered": 4, "asked_missed": 5}))[3]
    '0 (4/5)'
    """
    counts = [str(summary.classes.get(verdict.value, 0)) for verdict in Verdict]
    asked = Verdict.ASKED.value
    counts[list(Verdict).index(Verdict.ASKED)] = (
        f"{summary.classes.get(asked, 0)} ({summary.asked_offered}/{summary.asked_missed})"
    )
    return [
        str(summary.cases),
        _pct(summary.execution_accuracy),
        *counts,
        f"{summary.reliability_score:+.2f}",
    ]


def _gap_text(gap: Gap | None) -> str:
    if gap is None:
        return ""
    return (
        f"gap dev − held-out: exec {gap.execution_accuracy_points:+.1f} pts, silent-wrong "
        f"{gap.silent_wrong_points:+.1f} pts, RS {gap.reliability_points:+.1f} pts"
    )


# --- terminal -----------------------------------------------------------------------------------


def _domain_rows(report: EvalReport) -> Iterator[tuple[str, str, Summary, str]]:
    """(domain, dataset or 'all', summary, gap text) for every domain and split."""
    for name, domain in report.domains.items():
        for dataset, summary in domain.datasets.items():
            yield name, f"{dataset} ({summary.split})", summary.overall, ""
        yield name, "all", domain.overall, _gap_text(domain.gap)


def render_table(report: EvalReport) -> Table:
    """Per domain and split: cases, execution accuracy, the five classes, RS(10)."""
    table = Table(title=f"Eval: {report.meta.planner} — per domain and split")
    for header in ("domain", "dataset", *CLASS_HEADERS):
        label = header in ("domain", "dataset")
        table.add_column(header, justify="left" if label else "right", no_wrap=label)
    gaps = []
    for domain, dataset, summary, gap in _domain_rows(report):
        style = "bold" if dataset == "all" else None
        table.add_row(domain, dataset, *class_cells(summary), style=style)
        gaps += [f"{domain}: {gap}"] if gap else []
    table.caption = "\n".join(gaps) or None
    if len(report.domains) > 1:
        table.add_section()
        table.add_row("overall", "", *class_cells(report.overall), style="bold")
    return table


def render_category_table(report: EvalReport) -> Table:
    """Per category over the whole run: the same figures."""
    table = Table(title="Per category")
    for header in ("category", *CLASS_HEADERS):
        label = header == "category"
        table.add_column(header, justify="left" if label else "right", no_wrap=label)
    for category, summary in report.categories.items():
        table.add_row(category, *class_cells(summary))
    return table


# --- JSON ---------------------------------------------------------------------------------------


def _summary_json(summary: Summary) -> dict[str, object]:
    return summary.model_dump(mode="json")


def _categories_json(categories: dict[str, Summary]) -> dict[str, object]:
    return {name: _summary_json(summary) for name, summary in categories.items()}


def _domain_json(report: EvalReport, name: str, domain: DomainSummary) -> dict[str, object]:
    meta = report.meta.domains.get(name)
    return {
        **_summary_json(domain.overall),
        "categories": _categories_json(domain.categories),
        "datasets": {
            dataset: {
                **_summary_json(part.overall),
                "split": part.split,
                "categories": _categories_json(part.categories),
            }
            for dataset, part in domain.datasets.items()
        },
        "gap": None if domain.gap is None else domain.gap.model_dump(mode="json"),
        "meta": None if meta is None else meta.model_dump(mode="json"),
    }


def report_json(report: EvalReport) -> dict[str, object]:
    """The JSON document: headline figures, categories, domains, tags, meta, failures, results."""
    return {
        **_summary_json(report.overall),
        "categories": _categories_json(report.categories),
        "domains": {name: _domain_json(report, name, d) for name, d in report.domains.items()},
        "tags": _categories_json(report.tags),
        "meta": report.meta.model_dump(mode="json"),
        "failures": [_failure_json(result) for result in report.failures],
        "results": [result.model_dump(mode="json") for result in report.results],
    }


def _failure_json(result: CaseResult) -> dict[str, object]:
    return result.model_dump(
        mode="json",
        include={
            "case_id", "domain", "dataset", "category", "conversation", "expected_outcome",
            "got_outcome", "verdict", "offered", "notices", "expected_text", "got_text",
            "expected_count", "got_count", "details", "error",
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

_COLOURS = ("#2f6fdf", "#e0803a", "#3aa76d", "#9b59b6", "#c0392b", "#16a085")
_BAR_H, _GAP, _LABEL_W, _BAR_W = 10, 8, 190, 420


def _series(report: EvalReport) -> list[tuple[str, dict[str, Summary]]]:
    """(label, categories) per domain and dataset, the bars of the chart."""
    return [
        (f"{name}/{dataset}", part.categories)
        for name, domain in report.domains.items()
        for dataset, part in domain.datasets.items()
    ]


def render_chart(report: EvalReport) -> str:
    """Inline SVG: execution accuracy per category, one bar per domain and dataset."""
    series = _series(report)
    group_h = _BAR_H * len(series) + _GAP
    legend_h = 18 * ((len(series) + 2) // 3)
    height = group_h * len(report.categories) + 24 + legend_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_LABEL_W + _BAR_W + 70}" '
        f'height="{height}" role="img" aria-label="Execution accuracy per category">'
    ]
    for index, category in enumerate(report.categories):
        y = index * group_h + 10
        parts.append(_svg_text(4, y + group_h / 2, category))
        for rank, (_, categories) in enumerate(series):
            summary = categories.get(category)
            if summary is not None:
                parts.append(_svg_bar(y + rank * _BAR_H, summary.execution_accuracy, rank))
    parts.append(_svg_legend(height - legend_h, [label for label, _ in series]))
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
        x, row = 4 + (rank % 3) * 220, y + 9 + 18 * (rank // 3)
        colour = _COLOURS[rank % len(_COLOURS)]
        items.append(f'<rect x="{x}" y="{row - 5}" width="10" height="10" fill="{colour}"/>')
        items.append(_svg_text(x + 14, row, name))
    return "".join(items)


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value))}</td>"


def _summary_rows(report: EvalReport) -> str:
    overall = report.overall
    classes = ", ".join(f"{name} {count}" for name, count in overall.classes.items())
    figures = [
        ("Cases", overall.cases),
        ("Execution accuracy", _pct(overall.execution_accuracy)),
        ("Classes", classes),
        ("Silent-wrong rate", _pct(overall.silent_wrong_rate)),
        ("Reliability score RS(10)", f"{overall.reliability_score:+.3f}"),
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


def _class_row(first: list[str], summary: Summary) -> str:
    return f"<tr>{''.join(_cell(v) for v in [*first, *class_cells(summary)])}</tr>"


def _domain_table_rows(report: EvalReport) -> str:
    rows = []
    for domain, dataset, summary, gap in _domain_rows(report):
        rows.append(_class_row([domain, dataset], summary))
        if gap:
            rows.append(f"<tr><td></td><td colspan='{len(CLASS_HEADERS) + 1}'>{gap}</td></tr>")
    return "".join(rows)


def _category_rows(report: EvalReport) -> str:
    return "".join(_class_row([name], s) for name, s in report.categories.items())


def _failure_block(result: CaseResult) -> str:
    turns = "".join(f"<li>{html.escape(turn)}</li>" for turn in result.conversation)
    detail = result.details.get("execution", "")
    counts = f"expected {_count(result.expected_count)} members, got {_count(result.got_count)}"
    counts = f"members: {detail}" if detail.startswith("expected") else f"{counts}; {detail}"
    notices = "; ".join(result.notices)
    return (
        f'<div class="case"><h3>{html.escape(result.case_id)} '
        f'<span class="tag">{html.escape(result.verdict.value)}</span>'
        f'<span class="tag">{html.escape(result.domain)}/{html.escape(result.dataset)}</span>'
        f'<span class="tag">{html.escape(result.category)}</span></h3>'
        f"<ol class='turns'>{turns}</ol>"
        f"<p><b>Expected</b> ({html.escape(result.expected_outcome)}): "
        f"{html.escape(result.expected_text or '—')}</p>"
        f"<p><b>Got</b> ({html.escape(result.got_outcome)}): "
        f"{html.escape(result.got_text or '—')}</p>"
        + (f"<p><b>Shown before the count</b>: {html.escape(notices)}</p>" if notices else "")
        + f"<p class='muted'>{html.escape(counts)}"
        f"{html.escape('. ' + result.error) if result.error else ''}</p></div>"
    )


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _meta_text(meta: RunMeta) -> str:
    domains = "; ".join(
        f"{name}: catalog {d.catalog_name} {d.catalog_fingerprint[:12]}, as_of "
        f"{d.as_of.isoformat()}"
        for name, d in meta.domains.items()
    )
    return (
        f"planner {meta.planner} · model {meta.model or '–'} · prompt "
        f"{meta.prompt_version or '–'} · {domains} · "
        f"{meta.finished_at.isoformat(timespec='seconds')}"
    )


def render_html(report: EvalReport) -> str:
    """A self-contained page (inline CSS and SVG, no external asset)."""
    headers = "".join(f"<th>{html.escape(h)}</th>" for h in CLASS_HEADERS)
    values = {
        "title": html.escape(f"Perimeter eval — {report.meta.planner}"),
        "meta": html.escape(_meta_text(report.meta)),
        "summary_rows": _summary_rows(report),
        "chart": render_chart(report),
        "class_headers": headers,
        "domain_rows": _domain_table_rows(report),
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
