"""How every command fails: exit codes and the one error printer.

A failing command prints one error — a JSON object ``{"error": {"message", "issues", ...}}`` on
stdout under ``--json``, else ``Error: …`` and the issues on stderr — and exits with its code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import typer

from schema_catalog import Issue

RUN_ERROR = 1
"""The command could not run: planner, engine, catalog or file-system failure."""
INPUT_ERROR = 2
"""The input is wrong: a file, an option, a rule tree."""
REFUSED = 3
"""The workflow refused the action (state, role, four eyes, size reason)."""
TAMPERED = 4
"""The audit log does not verify."""


def fail(
    message: str,
    code: int = INPUT_ERROR,
    as_json: bool = False,
    *,
    issues: Sequence[Issue] = (),
    **extra: object,
) -> NoReturn:
    """Print the error (JSON under ``--json``) and exit with ``code``."""
    if as_json:
        found = [issue.model_dump(mode="json") for issue in issues]
        error = {"message": message, "issues": found, **extra}
        typer.echo(json.dumps({"error": error}, default=str))
    else:
        print_error(message, issues)
    raise typer.Exit(code)


def no_database(path: Path | str, demo: bool, option: str = "PERIMETER_DATABASE") -> str:
    """What to say when the database file is missing: the demo's generator only on the demo.

    >>> no_database(Path("x.duckdb"), demo=False, option="--database")
    "No database at 'x.duckdb'. Point --database at your DuckDB file."
    """
    advice = f"Point {option} at your DuckDB file."
    if demo:
        advice = f"Run `perimeter demo-data` to generate the demo database, or point {option} at "
        advice += "your DuckDB file."
    return f"No database at {str(path)!r}. {advice}"


def print_error(message: str, issues: Sequence[Issue] = ()) -> None:
    """``Error: …`` and one line per issue, on stderr (for commands that go on, like ``chat``)."""
    typer.echo(f"Error: {message}", err=True)
    for issue in issues:
        typer.echo(f"  {issue.render()}", err=True)
