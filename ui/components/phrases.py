"""The app's own phrases, per language, from ``languages/<code>/ui/*.yml``.

The planner's language packs live beside them (``languages/<code>/<topic>.yml``); the app's
phrases sit in the ``ui`` sub-folder so each side reads only its own files. Adding a language
adds files there, not code: a missing phrase is an error when the pack is read.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

LANGUAGES_DIR = Path(__file__).resolve().parents[2] / "languages"
DEFAULT_LANGUAGE = "en"


class AnswerPhrases(BaseModel):
    """``answer.yml``: the Build page's answer card."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    thousands: str
    will_receive: str
    of_matching: str
    matching_only: str
    notices: str
    assumed: str
    windows: str
    window_line: str
    no_window: str
    data_as_of: str
    data_stale: str
    indicators: str
    indicator_dynamic: str
    indicator_fresh: str
    indicator_stale: str
    cadence: dict[str, str]
    perimeter: str
    options: str
    option_count: str

    def number(self, value: int | float) -> str:
        """A count with this language's thousands separator: '85,473' or '85 473'.

        >>> answer_phrases("fr").number(85473) == "85\u202f473"
        True
        """
        return f"{value:,.0f}".replace(",", self.thousands)


def available_languages() -> tuple[str, ...]:
    """Languages with app phrases."""
    return tuple(sorted(p.parent.parent.name for p in LANGUAGES_DIR.glob("*/ui/answer.yml")))


@functools.cache
def answer_phrases(language: str) -> AnswerPhrases:
    """The answer card's phrases in ``language`` (English when the language has none)."""
    chosen = language if language in available_languages() else DEFAULT_LANGUAGE
    path = LANGUAGES_DIR / chosen / "ui" / "answer.yml"
    return AnswerPhrases.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
