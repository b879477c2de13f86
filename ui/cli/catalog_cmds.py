"""CLI: ``perimeter demo-data`` and ``perimeter catalog check|show|draft``.

Thin on purpose: each command parses options, calls ``schema_catalog`` and renders the result.
Exit codes: 0 fine, 1 the check found errors, 2 the command could not run (bad input, I/O).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from schema_catalog import (
    Catalog,
    CatalogError,
    Issue,
    Severity,
    check_catalog,
    check_data,
    check_drift,
    check_synonym_collisions,
    draft_catalog_from_database,
    drift_issues,
    has_errors,
    is_server_target,
    load_catalog,
    open_reader,
    resolve_as_of,
    resolve_as_of_from_file,
    write_draft,
)
from schema_catalog.demo import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    DemoDataError,
    DemoDataReport,
    generate_demo_data,
)
from schema_catalog.server_readers import redact_target
from settings import load_settings
from ui.cli.output import fail

catalog_app = typer.Typer(
    name="catalog", help="Inspect and check the schema catalog.", no_args_is_help=True
)

_DATABASE_HELP = (
    "DuckDB file, postgresql://… URL, or spark:<master>[?parquet=DIR] target (as "
    "PERIMETER_DATABASE)."
)
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def register(app: typer.Typer) -> None:
    """Add ``demo-data`` and the ``catalog`` command group to the root app."""
    app.command("demo-data")(demo_data)
    app.add_typer(catalog_app, name="catalog")


def demo_data(
    customers: Annotated[int, typer.Option(min=1, help="Number of customers.")] = DEFAULT_CUSTOMERS,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = DEFAULT_SEED,
    out: Annotated[Path | None, typer.Option(help="DuckDB file to write.")] = None,
    target: Annotated[
        str | None,
        typer.Option(help="Also copy it to postgresql://USER@HOST/DB or parquet:DIR (Spark)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Generate the demo retailer's DuckDB database (deterministic from the seed).

    With --target, the same rows are copied to PostgreSQL (tables created, COPY) or to a Parquet
    folder with one sub-folder per table (for Spark).
    """
    if target is not None:
        _demo_to_target(target, customers, seed, as_json)
        return
    settings = load_settings()
    path = out or settings.database_path
    if out is None and settings.database is not None and path.exists():
        refused = DemoDataError(
            f"Refusing to overwrite the configured database {str(path)!r}.",
            hint="Pass --out to choose where the demo data goes.",
        )
        fail(str(refused))
    try:
        if as_json:
            report = generate_demo_data(path, customers=customers, seed=seed)
        else:
            report = _generate_with_progress(path, customers, seed)
    except CatalogError as error:
        fail(str(error))
    if as_json:
        typer.echo(report.model_dump_json())
    else:
        _print_report(report)


def _demo_to_target(target: str, customers: int, seed: int, as_json: bool) -> None:
    from schema_catalog.demo.targets import copy_demo_database

    with tempfile.TemporaryDirectory(prefix="perimeter-demo-") as scratch:
        database = Path(scratch) / "demo.duckdb"
        try:
            if as_json:
                report = generate_demo_data(database, customers=customers, seed=seed)
            else:
                report = _generate_with_progress(database, customers, seed)
            counts = copy_demo_database(database, target, load_catalog())
        except CatalogError as error:
            fail(str(error), as_json=as_json)
    shown = redact_target(target)
    if as_json:
        typer.echo(json.dumps({"target": shown, "customers": customers, "seed": seed,
                               "seconds": report.seconds, "row_counts": counts}))  # fmt: skip
        return
    table = RichTable("table", "rows", title=f"Demo data written to {shown}")
    for name, rows in sorted(counts.items()):
        table.add_row(name, f"{rows:,}")
    Console().print(table)


def _generate_with_progress(target: Path, customers: int, seed: int) -> DemoDataReport:
    columns = (TextColumn("{task.description:<24}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=1.0)

        def advance(label: str, fraction: float) -> None:
            progress.update(task, description=label, completed=fraction)

        return generate_demo_data(target, customers=customers, seed=seed, progress=advance)


def _print_report(report: DemoDataReport) -> None:
    table = RichTable("table", "rows", title=f"Demo data written to {report.path}")
    for name, rows in sorted(report.row_counts.items()):
        table.add_row(name, f"{rows:,}")
    console = Console()
    console.print(table)
    size = report.file_bytes / 1_000_000
    console.print(
        f"{report.customers:,} customers, seed {report.seed}: {report.seconds:.1f} s, {size:.1f} MB"
    )


def _load(directory: Path | None) -> Catalog:
    return load_catalog(directory if directory is not None else load_settings().catalog_dir)


@catalog_app.command("check")
def check(
    catalog_dir: Annotated[Path | None, typer.Option("--catalog", help="Catalog folder.")] = None,
    database: Annotated[str | None, typer.Option(help=_DATABASE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print issues as JSON.")] = False,
) -> None:
    """Check the catalog's consistency and, with a database, its drift from the data.

    Without --database, the configured database (PERIMETER_DATABASE, or the generated demo
    database when checking the configured catalog) is compared when it exists. Exits 1 on errors.
    """
    try:
        catalog = _load(catalog_dir)
    except CatalogError as error:
        if as_json:
            typer.echo(json.dumps({"ok": False, "load_error": str(error), "issues": []}))
            raise typer.Exit(2) from None
        fail(str(error))
    target = database or _configured_database(catalog_dir)
    catalog, issues = _checked(catalog, target)
    if as_json:
        payload = {
            "ok": not has_errors(issues),
            "database": redact_target(target) if target else None,
            "as_of": catalog.as_of.isoformat(),
            "as_of_note": catalog.as_of_text(),
            "issues": [issue.model_dump(mode="json") for issue in issues],
        }
        typer.echo(json.dumps(payload))
    else:
        _print_issues(catalog, issues, target)
    if has_errors(issues):
        raise typer.Exit(1)


def _checked(catalog: Catalog, database: str | None) -> tuple[Catalog, list[Issue]]:
    """Consistency, indicators compiled and guarded; with a database also drift, the data
    checks and every indicator run with LIMIT 0 (``as_of: latest|now`` resolved first)."""
    from audience.compile import check_indicators_run

    if database is None or not (is_server_target(database) or Path(database).is_file()):
        issues = check_catalog(catalog) + list(check_synonym_collisions(catalog))
        if database is not None:
            issues += check_drift(catalog, database)  # reports the missing file
        return catalog, issues + check_indicators_run(catalog)
    drift: list[Issue] = []
    try:
        with open_reader(database) as reader:
            drift = drift_issues(catalog, reader)
            catalog = resolve_as_of(catalog, reader)  # every check sees the data's as_of
            data = check_data(catalog, reader) + check_indicators_run(catalog, reader)
    except CatalogError as error:
        data = [Issue(code="database_unreadable", path="database", message=str(error))]
    return catalog, check_catalog(catalog) + list(check_synonym_collisions(catalog)) + drift + data


def _configured_database(catalog_dir: Path | None) -> str | None:
    """The configured database (a server target, or a DuckDB file that exists), when it belongs
    with the catalog being checked."""
    settings = load_settings()
    if catalog_dir is not None and settings.database is None:
        return None  # an explicit catalog folder is not compared with the demo database
    if settings.database_is_server or settings.database_path.exists():
        return settings.database_target
    return None


def _print_issues(catalog: Catalog, issues: list[Issue], database: str | None) -> None:
    console = Console(highlight=False, soft_wrap=True)
    for issue in issues:
        style = _SEVERITY_STYLE[issue.severity]
        hint = f" [dim]{escape(issue.hint)}[/dim]" if issue.hint else ""
        console.print(
            f"[{style}]{issue.severity.value}[/{style}] {issue.code} at {escape(issue.path)}: "
            f"{escape(issue.message)}{hint}"
        )
    console.print(f"as_of: {catalog.as_of_text()}")
    compared = f" against {redact_target(database)}" if database else " (no database compared)"
    errors = sum(issue.is_error for issue in issues)
    console.print(
        f"Catalog {catalog.name!r}{compared}: {errors} error(s), "
        f"{len(issues) - errors} warning(s) or note(s)."
    )


@catalog_app.command("show")
def show(
    catalog_dir: Annotated[Path | None, typer.Option("--catalog", help="Catalog folder.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole catalog as JSON.")
    ] = False,
) -> None:
    """Show the catalog: sources, tables and indicators."""
    try:
        catalog = _load(catalog_dir)
        configured = _configured_database(catalog_dir)  # a server resolves it when opened
        local = None if configured is None or is_server_target(configured) else Path(configured)
        catalog = resolve_as_of_from_file(catalog, local)
    except CatalogError as error:
        fail(str(error))
    if as_json:
        payload = {"fingerprint": catalog.fingerprint(), **catalog.model_dump(mode="json")}
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    console = Console(highlight=False)
    console.print(
        f"[bold]{escape(catalog.name)}[/bold] as of {escape(catalog.as_of_text())} "
        f"(profile: {catalog.profile.table}.{catalog.profile.key}, "
        f"called {escape(catalog.profile.people())})"
    )
    console.print(_sources_table(catalog), _tables_table(catalog), _indicators_table(catalog))


def _sources_table(catalog: Catalog) -> RichTable:
    table = RichTable("source", "label", "refresh", "last refreshed", title="Sources")
    for source in catalog.sources:
        table.add_row(
            source.name, source.label, source.refresh.value, source.last_refreshed_at.isoformat()
        )
    return table


def _tables_table(catalog: Catalog) -> RichTable:
    table = RichTable("table", "kind", "columns", "joins on", "timestamp", title="Tables")
    for entry in catalog.tables:
        join = entry.join.column if entry.join else "-"
        table.add_row(
            entry.name, entry.kind.value, str(len(entry.columns)), join, entry.timestamp or "-"
        )
    return table


def _indicators_table(catalog: Catalog) -> RichTable:
    table = RichTable("indicator", "type", "mode", "cadence", "computed at", title="Indicators")
    for indicator in catalog.indicators:
        computed = indicator.computed_at.isoformat() if indicator.computed_at else "query time"
        cadence = indicator.cadence.value if indicator.cadence else "-"
        table.add_row(indicator.name, indicator.type.value, indicator.mode.value, cadence, computed)
    return table


def _drafted_as_of(folder: Path, database: str) -> str:
    """The instant the draft's ``as_of: latest`` resolves to on its data, with its source."""
    try:
        drafted = load_catalog(folder)
        with open_reader(database) as reader:
            return resolve_as_of(drafted, reader).as_of_text()
    except CatalogError as error:
        fail(f"The draft written to {folder} does not load: {error}")


@catalog_app.command("draft")
def draft(
    database: Annotated[str, typer.Option(help=_DATABASE_HELP)],
    out: Annotated[Path | None, typer.Option(help="Folder to write the draft catalog to.")] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help="TABLE (or TABLE.KEY) holding one row per person, instead of guessing it.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the draft as JSON.")] = False,
) -> None:
    """Draft a catalog from an existing database (review it before use)."""
    try:
        document = draft_catalog_from_database(database, profile)
    except CatalogError as error:
        fail(str(error))
    if out is not None:
        files = write_draft(document, out)
        notes = document.get("notes")
        for note in notes if isinstance(notes, list) else []:
            typer.echo(f"TODO {note}")
        typer.echo(f"as_of: {_drafted_as_of(out, database)}")
        typer.echo(
            f"Wrote {len(files)} files to {out} (the TODO lines are at the top of catalog.yml); "
            f"review them with docs/catalog.md, then run "
            f"`perimeter catalog check --catalog {out} --database {redact_target(database)}`."
        )
    elif as_json:
        typer.echo(json.dumps(document, ensure_ascii=False))
    else:
        typer.echo(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
