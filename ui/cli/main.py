"""Entry point of the ``perimeter`` command: each area module registers its own commands."""

from __future__ import annotations

import typer

from ui.cli import (
    assistant_cmds,
    audience_cmds,
    catalog_cmds,
    eval_cmds,
    identity_cmds,
    llm_cmds,
    rules_cmds,
    ui_cmds,
)

app = typer.Typer(
    name="perimeter",
    help="Perimeter: natural-language audiences, validated, counted, approved and exported.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    identity_cmds,
    catalog_cmds,
    rules_cmds,
    assistant_cmds,
    audience_cmds,
    eval_cmds,
    ui_cmds,
    llm_cmds,
):
    module.register(app)


if __name__ == "__main__":
    app()
