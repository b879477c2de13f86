"""Options several commands share, and turning their values into what the packages take."""

from __future__ import annotations

from typing import Annotated, get_args

import typer

from languages import Lang, UnknownLanguageError, check_lang
from settings import PlannerName, Settings, load_settings
from ui.cli.output import INPUT_ERROR, fail

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Language of the text: a language pack's code (en, fr).")
]
PlannerOpt = Annotated[
    str | None,
    typer.Option("--planner", help="offline | openai | local (default: PERIMETER_PLANNER)."),
]


def language_option(value: str, as_json: bool) -> Lang:
    """The ``--lang`` value when a language pack exists for it; else fail with the list."""
    try:
        return check_lang(value)
    except UnknownLanguageError as error:
        fail(str(error), INPUT_ERROR, as_json)


def settings_option(planner: str | None, as_json: bool) -> Settings:
    """The settings, with the ``--planner`` choice over ``PERIMETER_PLANNER`` when given."""
    settings = load_settings()
    if planner is None:
        return settings
    names: tuple[PlannerName, ...] = get_args(PlannerName)
    for name in names:
        if planner == name:
            return settings.with_planner(name)
    fail(f"Unknown planner {planner!r}. Use {', '.join(names)}.", INPUT_ERROR, as_json)
