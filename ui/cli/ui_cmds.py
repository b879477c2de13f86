"""``perimeter ui``: make sure demo data exists, then start the Streamlit app (``make run``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from schema_catalog import CatalogError
from schema_catalog.demo import ensure_demo_database
from settings import Settings, load_settings

APP_PATH = Path(__file__).resolve().parents[1] / "app.py"

_console = Console(stderr=True)


def streamlit_command(port: int, *, headless: bool) -> list[str]:
    """The ``streamlit run`` command line for the app on ``port``.

    >>> streamlit_command(8600, headless=True)[1:4]
    ['-m', 'streamlit', 'run']
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
    ]


def ensure_database(settings: Settings) -> Path | str:
    """The database the app will open; the demo one is generated on first use, with progress.

    Raises:
        CatalogError: a configured database (``PERIMETER_DATABASE``) is missing, or generation
            failed.
    """
    if settings.database_is_server:
        return settings.database_target
    path = settings.database_path
    if path.exists():
        return path
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_console) as progress:
        task = progress.add_task(f"Generating demo data in {path}", total=1.0)

        def report(label: str, fraction: float) -> None:
            progress.update(task, description=f"Demo data: {label}", completed=fraction)

        ensure_demo_database(settings, progress=report)
    _console.print(f"Demo data ready: {path}")
    return path


def run_ui(
    port: int = typer.Option(8501, "--port", help="Port to serve the app on."),
    headless: bool = typer.Option(
        True, "--headless/--open-browser", help="Do not open a browser window."
    ),
) -> None:
    """Start the Perimeter app on the demo data (generated on first use; no API key needed)."""
    settings = load_settings()
    try:
        database = ensure_database(settings)
    except CatalogError as error:
        _console.print(f"[red]Could not prepare the demo data:[/red] {error}")
        raise typer.Exit(code=2) from error
    _console.print(f"Perimeter on http://localhost:{port} (database {database}); Ctrl-C stops.")
    completed = subprocess.run(streamlit_command(port, headless=headless), check=False)
    raise typer.Exit(code=completed.returncode)


def register(app: typer.Typer) -> None:
    """Add ``perimeter ui`` to the root app."""
    app.command("ui")(run_ui)
