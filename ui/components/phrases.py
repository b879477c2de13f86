"""The app's own phrases, per language: the ``answer`` topic of the language packs
(``languages/<code>/answer.yml``). Adding a language adds the file, not code: a missing phrase
is an error, naming the file and line, when the pack is read.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from languages import DEFAULT_LANG, available_languages, has_topic, language_name, load_topic

TOPIC = "answer"


class AnswerPhrases(BaseModel):
    """``answer.yml``: the Build page's answer card."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    will_receive: str
    of_matching: str
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


def answer_phrases(language: str) -> AnswerPhrases:
    """The answer card's phrases in ``language`` (the default language when it has none).

    Raises:
        languages.LanguagePackError: the file is incomplete or malformed (file and line).
    """
    chosen = language if has_topic(language, TOPIC) else DEFAULT_LANG
    return load_topic(chosen, TOPIC, AnswerPhrases)


def request_languages(or_word: str = "or") -> str:
    """The languages a request may be written in, each by its own name, one per pack of
    ``languages/`` (adding a pack adds it here); ``or_word`` joins the last two.

    >>> request_languages(), request_languages("ou")
    ('Deutsch, English or Français', 'Deutsch, English ou Français')
    """
    names = [language_name(code) for code in available_languages()]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {or_word} {names[-1]}"
