"""``perimeter eval``: score a planner per domain; terminal, JSON and HTML reports; the gate.

``perimeter eval`` scores every bundled domain with datasets; ``--domain`` picks domains;
``--cases FILE`` (or ``--dataset PATH``) scores your own cases on your catalog and database.
The sub-commands for case writers (``check-cases``, ``data``, ``domains``) live in
``eval_case_cmds``. Exit codes: 0 fine, 1 the gate failed, 2 the run could not start.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant import AssistantError
from audience.errors import AudienceError
from evals import (
    BASELINE_DIR,
    EvalError,
    EvalReport,
    RunOptions,
    Selection,
    Target,
    baseline_from_report,
    choose_targets,
    compare,
    load_baseline,
    render_category_table,
    render_table,
    report_json,
    reports_dir,
    run_targets,
    save_baseline,
    write_reports,
)
from schema_catalog import CatalogError
from settings import Settings
from ui.cli import eval_case_cmds
from ui.cli.options import PlannerOpt, settings_option

_console = Console(stderr=True, soft_wrap=True, highlight=False)

eval_app = typer.Typer(
    name="eval",
    help="Score planners on eval cases; check case files; generate domain data.",
    invoke_without_command=True,
)


def _run_with_progress(
    settings: Settings, targets: Sequence[Target], options: RunOptions, quiet: bool
) -> EvalReport:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    total = 2 * sum(len(target.cases) for target in targets)
    with Progress(*columns, TimeElapsedColumn(), console=_console, disable=quiet) as progress:
        task = progress.add_task(f"Evaluating {settings.llm.planner}", total=total)
        return run_targets(
            settings, targets, options, progress=lambda _case_id: progress.advance(task)
        )


def _gate(report: EvalReport, baseline_path: Path) -> int:
    failures = compare(report, load_baseline(baseline_path))
    for failure in failures:
        _console.print(f"[red]gate[/red] {escape(failure.render())}")
    if not failures:
        _console.print(f"[green]gate passed[/green] against {baseline_path}")
    return len(failures)


def _filters(category: str | None, limit: int | None) -> dict[str, str]:
    values = {"category": category or "", "limit": str(limit or "")}
    return {key: value for key, value in values.items() if value}


def eval_command(
    ctx: typer.Context,
    planner: PlannerOpt = None,
    domain: Annotated[
        list[str] | None,
        typer.Option("--domain", help="Bundled domain(s): demo, grocery, telecom (repeat)."),
    ] = None,
    dataset: Annotated[
        list[str] | None,
        typer.Option("--dataset", help="Dataset name(s) (dev, heldout_test) or .jsonl path(s)."),
    ] = None,
    cases: Annotated[
        Path | None, typer.Option("--cases", help="Your own cases (JSONL) on your data.")
    ] = None,
    catalog_dir: Annotated[
        Path | None, typer.Option("--catalog", help="Catalog folder for --cases (default: env).")
    ] = None,
    database: Annotated[
        Path | None, typer.Option("--database", help="DuckDB file for --cases (default: env).")
    ] = None,
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="At most N cases per dataset.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Report folder (default <home>/reports).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Parallel planner calls.")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Bypass the response cache.")
    ] = False,
    gate: Annotated[
        bool, typer.Option("--gate", help="Fail below evals/baseline/<planner>.json.")
    ] = False,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Write the figures as a baseline.")
    ] = None,
) -> None:
    """Score a planner by executing its audiences: per domain, split and category."""
    if ctx.invoked_subcommand is not None:
        return
    settings = settings_option(planner, as_json)
    selection = Selection(
        tuple(domain or ()), tuple(dataset or ()), cases, catalog_dir, database, category, limit
    )
    options = RunOptions(workers, not no_cache, _filters(category, limit))
    try:
        targets = choose_targets(settings, selection)
        result = _run_with_progress(settings, targets, options, quiet=as_json)
    except (EvalError, CatalogError, AssistantError, AudienceError) as error:
        _console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(code=2) from error
    paths = write_reports(result, report or reports_dir(settings))
    if as_json:
        typer.echo(json.dumps(report_json(result), ensure_ascii=False))
    else:
        Console().print(render_table(result))
        Console().print(render_category_table(result))
        _console.print(f"Reports: {paths[1]} (latest: {paths[3]})")
    if write_baseline is not None:
        labels = {target.domain: target.data_label for target in targets}
        save_baseline(baseline_from_report(result, labels), write_baseline)
    if gate and _gate(result, BASELINE_DIR / f"{result.meta.planner}.json"):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the ``perimeter eval`` group (the run itself, check-cases, data, domains)."""
    eval_app.callback(invoke_without_command=True)(eval_command)
    eval_case_cmds.register(eval_app)
    app.add_typer(eval_app, name="eval")
