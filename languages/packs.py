"""Language packs on disk: ``languages/<code>/<topic>.yml``, validated by the caller's model.

A language is whatever folder is here: its name is an ISO 639-1 code and it holds one YAML file
per topic (``describe.yml`` for reading rule trees back, the parser's word files, ...). Adding a
language adds a folder, not code. Each topic file is read once per process and validated by the
pydantic model the caller passes, so the words of a topic are typed where they are used and a bad
file fails with its file and line.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, TypeVar, cast

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from languages.errors import LanguagePackError, UnknownLanguageError
from lined_yaml import LinedYaml, YamlFileError, dotted_path, load_yaml_file

PACKS_DIR = Path(__file__).parent
"""Where the packs live: one sub-folder per language."""
_CODE = re.compile(r"[a-z]{2}")

Model = TypeVar("Model", bound=BaseModel)


@functools.cache
def available_languages() -> tuple[str, ...]:
    """The codes of the packs on disk (folders with a ``language.yml``), sorted.

    >>> {"en", "fr"} <= set(available_languages())
    True
    """
    return tuple(
        sorted(
            file.parent.name
            for file in PACKS_DIR.glob("*/language.yml")
            if _CODE.fullmatch(file.parent.name)
        )
    )


def check_lang(code: str) -> str:
    """``code`` itself when a pack exists for it.

    Raises:
        UnknownLanguageError: no folder ``languages/<code>/``.
    """
    if code not in available_languages():
        raise UnknownLanguageError(code, available_languages())
    return code


Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
"""A language: an ISO 639-1 code such as ``"en"`` or ``"fr"``.

Pydantic fields of this type check the code's shape. Whether a pack exists for it is checked where
words are needed (``load_topic``, ``check_lang``): a catalog may carry labels in a language whose
pack is not installed yet.
"""

DEFAULT_LANG: Lang = "en"
"""The language used when none is given or detected."""


def has_topic(lang: str, topic: str) -> bool:
    """Whether ``lang`` has a pack with a ``topic`` file."""
    return lang in available_languages() and topic_file(lang, topic).is_file()


def topic_file(lang: str, topic: str) -> Path:
    """Where the ``topic`` words of ``lang`` live: ``languages/<lang>/<topic>.yml``."""
    return PACKS_DIR / check_lang(lang) / f"{topic}.yml"


def load_topic(lang: str, topic: str, model: type[Model]) -> Model:
    """The ``topic`` file of ``lang``, validated by ``model`` (read once per process).

    Args:
        lang: a language code with a pack (``available_languages()``).
        topic: the file name without ``.yml``, e.g. ``"describe"``.
        model: the pydantic model of the file's content.

    Raises:
        UnknownLanguageError: no pack for ``lang``.
        LanguagePackError: the file is missing, is not YAML, or does not match ``model``; the
            error names the file and the line to fix.
    """
    return cast(Model, _load(topic_file(lang, topic), model))


@functools.cache
def _load(file: Path, model: type[BaseModel]) -> BaseModel:
    return read_topic(file, model)


def read_topic(file: Path, model: type[Model]) -> Model:
    """One topic file validated by ``model``, read now (``load_topic`` caches; tests and tools
    read packs outside ``languages/`` with this). 'yes', 'no', 'on', 'off' stay words.

    Raises:
        LanguagePackError: missing file, not YAML, or not matching ``model`` (file and line).
    """
    if not file.is_file():
        raise LanguagePackError(
            "This language has no such file.",
            file=str(file),
            hint="Copy the English file of the same name and translate its values.",
        )
    try:
        doc = load_yaml_file(file, words=True)
    except YamlFileError as error:
        raise LanguagePackError(
            error.message, file=error.file, line=error.line, hint=error.hint
        ) from error
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        raise _located(error, doc) from None


def _located(error: ValidationError, doc: LinedYaml) -> LanguagePackError:
    first, *rest = error.errors()
    loc = tuple(first["loc"])
    where = dotted_path(loc) or "(top level)"
    more = f" ({len(rest)} more problem(s) in this file)" if rest else ""
    return LanguagePackError(
        f"{where}: {first['msg']}{more}.",
        file=str(doc.file),
        line=doc.line_of(loc),
        hint="Compare the file with the English one of the same name.",
    )


class LanguageInfo(BaseModel):
    """``languages/<code>/language.yml``: what every pack says about itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Lang
    """The pack's ISO 639-1 code, its folder's name, e.g. 'fr'."""
    name: str
    """The language as its speakers name it, e.g. 'Français'."""


def language_name(lang: str) -> str:
    """The name of ``lang`` in that language, for pickers.

    >>> language_name("fr")
    'Français'
    """
    return load_topic(lang, "language", LanguageInfo).name
