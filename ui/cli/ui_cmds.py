"""``perimeter ui``: check the database (the demo one is generated on first use), then start the
Streamlit app (``make run``).

The server binds 127.0.0.1 unless ``--address`` (or ``PERIMETER_UI_ADDRESS``) says otherwise;
Python runs it with ``-P`` so the folder it is started from never shadows the app's packages; and
SIGTERM or SIGINT to ``perimeter ui`` stops the Streamlit server with it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from schema_catalog import CatalogError
from schema_catalog.demo import ensure_demo_database
from settings import Settings, load_settings

APP_PATH = Path(__file__).resolve().parents[1] / "app.py"

_console = Console(stderr=True)


PRIMARY_COLOR = "#1f5fa8"


def streamlit_command(port: int, *, headless: bool, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line for the app on ``address:port``.

    >>> streamlit_command(8600, headless=True)[1:5]
    ['-P', '-m', 'streamlit', 'run']
    """
    return [
        sys.executable,
        "-P",
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
        # No Deploy button and no developer menu: the people using the app are not its developers.
        "--client.toolbarMode",
        "minimal",
        # A calm primary colour: Streamlit's default red would style Approve as a danger button.
        "--theme.primaryColor",
        PRIMARY_COLOR,
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
    if not settings.demo_in_use or path.exists():
        return ensure_demo_database(settings)  # never generates: says what is missing
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
    address: str | None = typer.Option(
        None, "--address", help="Address to bind (default 127.0.0.1: this machine only)."
    ),
) -> None:
    """Start the Perimeter app on your database, or on the demo data (generated on first use)."""
    settings = load_settings()
    bind = address or settings.ui_address
    try:
        database = ensure_database(settings)
    except CatalogError as error:
        _console.print(f"[red]Could not open the database:[/red] {error}")
        raise typer.Exit(code=2) from error
    _console.print(f"Perimeter on http://{bind}:{port} (database {database}); Ctrl-C stops.")
    raise typer.Exit(code=serve(streamlit_command(port, headless=headless, address=bind)))


def serve(command: list[str]) -> int:
    """Run the server until it exits; SIGTERM/SIGINT to this process stop it too."""
    server = subprocess.Popen(command)

    def forward(signum: int, frame: FrameType | None) -> None:
        server.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        try:
            return server.wait()
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def register(app: typer.Typer) -> None:
    """Add ``perimeter ui`` to the root app."""
    app.command("ui")(run_ui)
