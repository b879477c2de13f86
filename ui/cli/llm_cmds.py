"""``perimeter llm serve``: the bundled small model behind llama.cpp's OpenAI-compatible server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant import LocalModelError, server_answers, start_local_server
from settings import load_settings

_console = Console(stderr=True)
llm_app = typer.Typer(help="Run a local language model (optional extra: make local-llm).")


@llm_app.command("serve")
def serve(
    port: Annotated[
        int | None, typer.Option("--port", help="Port on 127.0.0.1 (default 8765).")
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="A GGUF file; default: the bundled SmolLM2-135M-Instruct."),
    ] = None,
) -> None:
    """Start the server, wait until it answers, print its base URL, serve until Ctrl-C."""
    settings = load_settings()
    chosen_port = port or settings.llm.local_port
    running = f"http://127.0.0.1:{chosen_port}/v1"
    if server_answers(running):
        typer.echo(running)
        _console.print(f"A model server already answers at {running}; leaving it alone.")
        return
    try:
        server = start_local_server(
            port=chosen_port, model_path=model or settings.llm.local_model_path
        )
    except LocalModelError as error:
        _console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error
    typer.echo(server.base_url)
    _console.print(
        f"Model {server.model_path.name} ready. Use it with: "
        f"OPENAI_BASE_URL={server.base_url} perimeter ask --planner local '...'. Ctrl-C stops."
    )
    try:
        while server.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def register(app: typer.Typer) -> None:
    """Add the ``llm`` command group to the root app."""
    app.add_typer(llm_app, name="llm")
