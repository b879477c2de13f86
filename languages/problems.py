"""Problems in words: what an issue or an error says, by key, in each language.

An issue of a rule tree or an error of the workflow carries a ``Wording``: the key of its phrase in
``languages/<code>/problems.yml`` and the values to fill in. The English phrase is the message for
the command line, the logs and the model's repair loop; a page renders the same wording in its
own language. Parameters named after a term list (``action``, ``state`` …) are said in the
language's words for them when the pack has one.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from languages.errors import LanguagePackError
from languages.formats import format_number
from languages.packs import DEFAULT_LANG, has_topic, load_topic, topic_file

TOPIC = "problems"

Param = str | int | float | dict[str, str]
"""A value a phrase fills in: a name or an identifier as text, a quantity as a whole number
(written with the language's separators), or text per language code (``{'en': '755 % above
…', 'fr': '755 % de plus …'}``) for a value already said in words."""


class Wording(BaseModel):
    """What a problem says: its phrase's key and the values to fill in.

    >>> say("unknown_field", field="customers.contry").key
    'unknown_field'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    """The phrase in ``problems.yml``, e.g. 'unknown_field'; stable, so code can rely on it."""
    params: dict[str, Param] = Field(default_factory=dict)
    """The values the phrase fills in, by placeholder name, e.g. {'field': 'customers.contry'}."""

    def __hash__(self) -> int:
        # Issues are frozen and deduplicated in sets; the values' dict is hashed by its content.
        return hash((self.key, json.dumps(self.params, sort_keys=True)))


def say(key: str, /, **params: Param) -> Wording:
    """The wording of phrase ``key`` with ``params`` (the one way ``audience`` words a problem).

    >>> word(say("unknown_field", field="customers.contry"))
    "Unknown field 'customers.contry'."
    """
    return Wording(key=key, params=params)


class WordedError(Exception):
    """An error whose message (and hint) is a ``Wording``: ``message`` and ``hint`` are the
    English phrases (command line, logs, the model), ``code`` its phrase key; a page says the
    wording in its own language. The root errors of ``audience`` and some of ``assistant``."""

    def __init__(self, message: Wording, *, hint: Wording | None = None) -> None:
        self.wording = message
        self.hint_wording = hint
        self.message = word(message)
        self.hint = None if hint is None else word(hint)
        super().__init__(self.message if self.hint is None else f"{self.message} {self.hint}")

    @property
    def code(self) -> str:
        """The stable code of this error: its message's phrase key, e.g. 'request_empty'."""
        return self.wording.key


class ProblemWords(BaseModel):
    """``problems.yml``: every phrase by key, and the words for the values of some parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    problems: dict[str, str]
    """Key → phrase with ``{placeholders}``."""
    terms: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Parameter name → its values in words, e.g. {'state': {'pending_review': 'en revue'}}."""


def problem_words(lang: str) -> ProblemWords:
    """The problems phrases of ``lang`` (English when that language has none)."""
    chosen = lang if has_topic(lang, TOPIC) else DEFAULT_LANG
    return load_topic(chosen, TOPIC, ProblemWords)


def word(wording: Wording, lang: str = DEFAULT_LANG) -> str:
    """``wording`` said in ``lang``: its phrase with the values (terms in the language's words).

    Raises:
        LanguagePackError: the English pack has no phrase for the key, or the phrase names a
            value the wording does not give.
    """
    said = problem_words(lang)
    phrase = said.problems.get(wording.key)
    if phrase is None:
        return _english(wording, lang)
    values = {name: _term(said, name, value, lang) for name, value in wording.params.items()}
    try:
        return phrase.format(**values)
    except (KeyError, IndexError) as error:
        raise LanguagePackError(
            f"problems.{wording.key}: the phrase needs {error}, the wording gives "
            f"{sorted(values)}.",
            file=str(topic_file(lang, TOPIC)),
            hint="Use only the placeholders of the English phrase.",
        ) from error


def _english(wording: Wording, lang: str) -> str:
    if lang == DEFAULT_LANG:
        raise LanguagePackError(
            f"No phrase {wording.key!r}.",
            file=str(topic_file(DEFAULT_LANG, TOPIC)),
            hint="Add it under 'problems', and to every other language's problems.yml.",
        )
    return word(wording, DEFAULT_LANG)


def _term(said: ProblemWords, name: str, value: Param, lang: str) -> str | float:
    if isinstance(value, dict):
        return value.get(lang) or value.get(DEFAULT_LANG, "")
    if isinstance(value, int) and not isinstance(value, bool):
        # A whole number in a phrase is a quantity (identifiers are passed as text): grouped.
        return format_number(value, lang)
    return said.terms.get(name, {}).get(str(value), value)
