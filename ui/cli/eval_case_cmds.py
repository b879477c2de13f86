"""``perimeter eval check-cases | data | domains``: what a case writer needs.

``domains`` lists the bundled eval domains and their paths; ``data`` writes a domain's DuckDB file;
``check-cases`` validates a JSONL file of cases against a domain (or your own catalog and
database) and prints each case's expected audience size.
Exit codes: 0 fine, 1 a case has errors, 2 the command could not run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from audience.engine import AudienceEngine
from audience.errors import AudienceError
from evals import EvalError
from evals.case_check import CheckedCase, CheckOptions, check_cases
from evals.cases import load_cases_file
from evals.domains import DOMAINS, Domain, generate_domain_data, get_domain
from evals.targets import domain_data
from schema_catalog import Catalog, CatalogError, Severity, load_catalog
from schema_catalog.synthetic import Progress as ProgressCallback
from settings import Settings, load_settings
from ui.cli.output import fail

_err = Console(stderr=True, soft_wrap=True, highlight=False)


def _with_progress(label: str, work: Callable[[ProgressCallback], Path]) -> Path:
    """Run ``work(progress_callback)`` under a progress bar on stderr."""
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_err, transient=True) as progress:
        task = progress.add_task(label, total=1.0)

        def report(step: str, fraction: float) -> None:
            progress.update(task, description=f"{label}: {step}", completed=fraction)

        return work(report)


def _domain_target(domain: Domain, settings: Settings) -> tuple[Catalog, Path]:
    def work(report: ProgressCallback) -> Path:
        return domain_data(domain, settings, progress=report)

    database = _with_progress(f"Data of domain {domain.name}", work)
    return domain.load_catalog(), database


def _own_target(
    settings: Settings, catalog_dir: Path | None, database: Path | None
) -> tuple[Catalog, Path]:
    catalog = load_catalog(catalog_dir or settings.catalog_dir)
    path = database or settings.database_path
    if not path.is_file():
        raise EvalError(
            f"No database at {str(path)!r}: pass --database PATH (a DuckDB file), set "
            "PERIMETER_DATABASE, or use --domain NAME for a bundled domain."
        )
    return catalog, path


def check_cases_command(
    file: Annotated[Path, typer.Argument(help="A JSONL file of cases.")],
    domain: Annotated[
        str | None, typer.Option("--domain", help="Check against a bundled domain's data.")
    ] = None,
    catalog_dir: Annotated[
        Path | None, typer.Option("--catalog", help="Your catalog folder (default: env).")
    ] = None,
    database: Annotated[
        Path | None, typer.Option("--database", help="Your DuckDB file (default: env).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Validate cases: format, expected SQL runs and selects the key, audience sizes."""
    settings = load_settings()
    try:
        cases = load_cases_file(file)
        chosen = get_domain(domain) if domain else None
        catalog, path = (
            _domain_target(chosen, settings)
            if chosen
            else _own_target(settings, catalog_dir, database)
        )
        with AudienceEngine(path, catalog) as engine:
            options = CheckOptions(bundled_categories=chosen is not None)
            checked = check_cases(cases, catalog, engine, options)
    except (EvalError, CatalogError, AudienceError) as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps(_check_json(checked, path), ensure_ascii=False))
    else:
        _print_check(checked, path)
    if not all(item.ok for item in checked):
        raise typer.Exit(1)


def _check_json(checked: list[CheckedCase], database: Path) -> dict[str, object]:
    return {
        "database": str(database),
        "cases": len(checked),
        "errors": sum(not item.ok for item in checked),
        "results": [
            {
                "id": item.case.id,
                "category": item.case.category,
                "expected_outcome": item.case.expected_outcome,
                "expectation": item.case.expectation,
                "members": item.members,
                "ok": item.ok,
                "problems": [
                    {"code": p.code, "severity": p.severity.value, "message": p.message}
                    for p in item.problems
                ],
            }
            for item in checked
        ],
    }


def _print_check(checked: list[CheckedCase], database: Path) -> None:
    table = Table(title=f"Cases checked on {database}")
    for header in ("id", "category", "outcome", "expects", "members", "status"):
        table.add_column(header, justify="right" if header == "members" else "left")
    for item in checked:
        status = "[green]ok[/green]" if item.ok else "[red]error[/red]"
        members = "–" if item.members is None else f"{item.members:,}"
        table.add_row(
            item.case.id,
            item.case.category,
            item.case.expected_outcome,
            item.case.expectation or "–",
            members,
            status,
        )
    Console().print(table)
    for item in checked:
        for problem in item.problems:
            colour = "red" if problem.severity is Severity.ERROR else "yellow"
            _err.print(f"[{colour}]{escape(problem.render())}[/{colour}]")
    errors = sum(not item.ok for item in checked)
    _err.print(f"{len(checked)} case(s), {errors} with errors.")


def data_command(
    domain: Annotated[str, typer.Option("--domain", help="The bundled domain.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here (default: the eval cache).")
    ] = None,
    size: Annotated[int | None, typer.Option("--size", help="Profiles to generate.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of every draw.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Generate a domain's DuckDB file (deterministic) and print its path and row counts."""
    settings = load_settings()
    try:
        chosen = get_domain(domain)
        if out is None and size is None and seed is None:
            path = _domain_target(chosen, settings)[1]
            counts: dict[str, int] | None = None
        else:
            path = out or settings.home / "domains" / f"{chosen.name}-custom.duckdb"
            counts = generate_domain_data(chosen, path, size=size, seed=seed)
    except (EvalError, CatalogError) as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps({"domain": chosen.name, "database": str(path), "rows": counts}))
    else:
        typer.echo(str(path))


def domains_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the bundled eval domains: catalog, datasets, conventions."""
    rows = [_domain_row(domain) for domain in DOMAINS.values()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        typer.echo(f"{row['domain']}: {row['title']}")
        for key in ("catalog", "datasets_dir", "datasets", "conventions", "eval_size"):
            typer.echo(f"  {key}: {row[key]}")


def _domain_row(domain: Domain) -> dict[str, object]:
    return {
        "domain": domain.name,
        "title": domain.title,
        "catalog": _shown(domain.catalog_dir),
        "datasets_dir": _shown(domain.datasets_dir),
        "datasets": domain.datasets(),
        "conventions": _shown(domain.conventions),
        "eval_size": domain.eval_size,
    }


def _shown(path: Path) -> str:
    """The path relative to the repository root when it lies inside it."""
    root = Path(__file__).resolve().parents[2]
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def register(app: typer.Typer) -> None:
    """Add ``check-cases``, ``data`` and ``domains`` to the ``eval`` group."""
    app.command("check-cases")(check_cases_command)
    app.command("data")(data_command)
    app.command("domains")(domains_command)
