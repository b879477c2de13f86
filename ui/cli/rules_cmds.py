"""``perimeter count`` and ``perimeter explain``: a rule-tree JSON file, counted or put into words.

The file format is ``RuleTree.model_dump(mode="json")`` (what ``perimeter ask --json`` prints under
``rules``). Exit codes: 0 ok, 1 the database or engine failed, 2 the input (file, JSON, tree) is
wrong. With ``--json`` errors are printed as ``{"error": {...}}`` on stdout too.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from audience.compile import DIALECTS, compile_rules, render_sql
from audience.engine import AudienceEngine, CountResult
from audience.errors import AudienceError, DatabaseNotFoundError, InputFileError, RuleFormatError
from audience.rules import RuleTree, describe_rules, read_rules_file
from audience.validate import validate_rules
from schema_catalog import (
    Catalog,
    CatalogError,
    has_errors,
    load_catalog,
    resolve_as_of_from_file,
)
from settings import load_settings
from ui.cli.options import JsonOpt, LangOpt, language_option
from ui.cli.output import INPUT_ERROR, RUN_ERROR, fail, no_database

RulesArg = Annotated[Path, typer.Argument(help="Rule-tree JSON file (RuleTree format).")]
CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog folder; default: settings or bundled demo."),
]


def _read_tree(path: Path, as_json: bool) -> RuleTree:
    try:
        return read_rules_file(path)
    except InputFileError as error:
        fail(str(error), INPUT_ERROR, as_json)
    except RuleFormatError as error:
        fail(str(error), INPUT_ERROR, as_json, issues=error.issues)


def _catalog(directory: Path | None, as_json: bool, database: Path | None = None) -> Catalog:
    """The catalog, with ``as_of: latest|now`` read from the database given, or the configured
    one (not the demo database when an explicit catalog folder is given without one)."""
    settings = load_settings()
    configured = settings.database_path if directory is None or settings.database else None
    try:
        catalog = load_catalog(directory or settings.catalog_dir)
        return resolve_as_of_from_file(catalog, database or configured)
    except (CatalogError, OSError) as error:
        fail(f"Cannot load the catalog: {error}", INPUT_ERROR, as_json)


def _checked_tree(rules: Path, catalog: Catalog, as_json: bool) -> RuleTree:
    tree = _read_tree(rules, as_json)
    issues = validate_rules(tree, catalog)
    if has_errors(issues):
        fail("The rule tree has validation errors.", INPUT_ERROR, as_json, issues=issues)
    return tree


def _open_engine(database: Path | None, catalog: Catalog, as_json: bool) -> AudienceEngine:
    """The engine on ``--database`` or the configured target (DuckDB, PostgreSQL or Spark)."""
    settings = load_settings()
    path = database or settings.database_target
    try:
        return AudienceEngine(path, catalog)
    except DatabaseNotFoundError:
        demo = settings.demo_in_use and database is None
        fail(no_database(path, demo, "--database"), RUN_ERROR, as_json)
    except AudienceError as error:
        fail(str(error), RUN_ERROR, as_json)


def _report(
    engine: AudienceEngine,
    tree: RuleTree,
    result: CountResult,
    options: tuple[int | None, str | None, str | None],
) -> dict[str, object]:
    sample, breakdown, dialect = options
    report: dict[str, object] = {"count": result.count, "sql": result.sql}
    report["as_of"] = engine.catalog.as_of_text()
    report["elapsed_ms"] = round(result.elapsed_ms, 2)
    if sample:
        rows = engine.sample(tree, sample)
        report["sample"] = {"columns": list(rows.columns), "rows": list(rows.rows)}
    if breakdown:
        report["breakdown"] = {
            "field": breakdown,
            "rows": [asdict(row) for row in engine.breakdown(tree, breakdown)],
        }
    if dialect:
        report["dialect"] = dialect
        report["dialect_sql"] = render_sql(compile_rules(tree, engine.catalog), dialect)
    return report


def _print_text(report: dict[str, object]) -> None:
    typer.echo(f"Count: {report['count']:,}, data as of {report['as_of']}")
    typer.echo(f"\nSQL (duckdb):\n{report['sql']}")
    if "dialect_sql" in report:
        typer.echo(f"\nSQL ({report['dialect']}):\n{report['dialect_sql']}")
    if "breakdown" in report:
        breakdown = report["breakdown"]
        assert isinstance(breakdown, dict)
        typer.echo(f"\nBreakdown by {breakdown['field']}:")
        for row in breakdown["rows"]:
            typer.echo(f"  {row['value']!s:<24} {row['count']:>9,}  {row['share']:6.1%}")
    if "sample" in report:
        sample = report["sample"]
        assert isinstance(sample, dict)
        typer.echo(f"\nSample ({len(sample['rows'])} profiles, personal data masked):")
        for row in sample["rows"]:
            typer.echo("  " + ", ".join(f"{key}={value}" for key, value in row.items()))


def count(
    rules: RulesArg,
    sample: Annotated[int | None, typer.Option(min=1, max=1000, help="Show N profiles.")] = None,
    breakdown: Annotated[
        str | None, typer.Option(help="A categorical 'table.column' of the catalog.")
    ] = None,
    dialect: Annotated[str | None, typer.Option(help=f"Also render for: {DIALECTS}.")] = None,
    as_json: JsonOpt = False,
    database: Annotated[Path | None, typer.Option(help="DuckDB file; default: settings.")] = None,
    catalog_dir: CatalogOpt = None,
) -> None:
    """Count the profiles a rule tree selects (plus sample, breakdown, other-dialect SQL)."""
    if dialect is not None and dialect not in DIALECTS:
        fail(f"Unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}.", 2, as_json)
    catalog = _catalog(catalog_dir, as_json, database)
    tree = _checked_tree(rules, catalog, as_json)
    engine = _open_engine(database, catalog, as_json)
    try:
        report = _report(engine, tree, engine.count(tree), (sample, breakdown, dialect))
    except AudienceError as error:
        fail(str(error), RUN_ERROR, as_json)
    finally:
        engine.close()
    if as_json:
        typer.echo(json.dumps(report, default=str, ensure_ascii=False))
    else:
        _print_text(report)


def explain(
    rules: RulesArg,
    lang: LangOpt = "en",
    as_json: JsonOpt = False,
    catalog_dir: CatalogOpt = None,
) -> None:
    """Describe a rule tree in plain language and list its validation issues."""
    language = language_option(lang, as_json)
    catalog = _catalog(catalog_dir, as_json)
    tree = _read_tree(rules, as_json)
    issues = validate_rules(tree, catalog)
    description = describe_rules(tree, catalog, lang=language)
    if as_json:
        payload = {
            "text": description.text,
            "lines": [asdict(line) for line in description.lines],
            "issues": [issue.model_dump(mode="json") for issue in issues],
            "valid": not has_errors(issues),
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        typer.echo(description.text)
        for issue in issues:
            typer.echo(f"  {issue.render()}")
    if has_errors(issues):
        raise typer.Exit(INPUT_ERROR)


def register(app: typer.Typer) -> None:
    """Add ``count`` and ``explain`` to the root app."""
    app.command("count")(count)
    app.command("explain")(explain)
