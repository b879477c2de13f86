"""``perimeter eval``: score a planner on the golden sets; table, JSON and HTML reports, gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant import AssistantError
from audience.errors import AudienceError
from evals import (
    BASELINE_DIR,
    DEFAULT_DATASETS,
    EvalError,
    EvalReport,
    EvalRun,
    RunOptions,
    baseline_from_report,
    compare,
    load_baseline,
    open_run,
    render_table,
    report_json,
    reports_dir,
    run_eval,
    save_baseline,
    write_reports,
)
from schema_catalog import CatalogError
from ui.cli.options import PlannerOpt, settings_option
from ui.cli.ui_cmds import ensure_database

_console = Console(stderr=True)


def _run_with_progress(run: EvalRun, quiet: bool) -> EvalReport:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_console, disable=quiet) as progress:
        task = progress.add_task(
            f"Evaluating {run.planning.identity.name}", total=2 * len(run.cases)
        )
        return run_eval(run, progress=lambda _case_id: progress.advance(task))


def _gate(report: EvalReport, baseline_path: Path) -> int:
    failures = compare(report, load_baseline(baseline_path))
    for failure in failures:
        _console.print(f"[red]gate[/red] {failure.render()}")
    if not failures:
        _console.print(f"[green]gate passed[/green] against {baseline_path}")
    return len(failures)


def eval_command(
    planner: PlannerOpt = None,
    dataset: Annotated[
        list[str] | None, typer.Option("--dataset", help="Dataset(s) in evals/datasets/ (repeat).")
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
    """Score a planner on the golden cases by executing its audiences on the demo data."""
    settings = settings_option(planner, as_json)
    datasets = tuple(dataset or DEFAULT_DATASETS)
    options = RunOptions(datasets, category, limit, workers, not no_cache)
    try:
        database = ensure_database(settings)
        with open_run(settings, database, options) as run:
            result = _run_with_progress(run, quiet=as_json)
    except (EvalError, CatalogError, AssistantError, AudienceError) as error:
        _console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error
    paths = write_reports(result, report or reports_dir(settings))
    if as_json:
        typer.echo(json.dumps(report_json(result), ensure_ascii=False))
    else:
        Console().print(render_table(result))
        _console.print(f"Reports: {paths[1]} (latest: {paths[3]})")
    if write_baseline is not None:
        save_baseline(baseline_from_report(result, str(database)), write_baseline)
    if gate and _gate(result, BASELINE_DIR / f"{result.meta.planner}.json"):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add ``perimeter eval`` to the root app."""
    app.command("eval")(eval_command)
