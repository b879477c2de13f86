"""The app's own words: every language pack has every phrase of ``app.yml``, ``answer.yml`` and
``flags.yml``, with the same placeholders as the English one, and a pack missing a phrase is
refused with its file and line."""

from __future__ import annotations

import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from audience.workflow.flag_words import FlagWords
from languages import LanguagePackError, available_languages, load_topic, packs
from ui.components.app_words import AppPhrases, app_words
from ui.components.phrases import AnswerPhrases

TOPICS = {"app": AppPhrases, "answer": AnswerPhrases, "flags": FlagWords}


def _placeholders(doc: object, path: str = "") -> dict[str, set[str]]:
    """Each phrase's dotted path → the names of its placeholders."""
    if isinstance(doc, dict):
        found: dict[str, set[str]] = {}
        for key, value in doc.items():
            found |= _placeholders(value, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(doc, str):
        return {path: {name for _, name, _, _ in string.Formatter().parse(doc) if name}}
    return {}


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_pack_has_every_phrase_with_the_english_placeholders(lang: str, topic: str) -> None:
    load_topic(lang, topic, TOPICS[topic])  # every field required, no unknown one
    english, theirs = (
        _placeholders(yaml.safe_load((packs.PACKS_DIR / code / f"{topic}.yml").read_text()))
        for code in ("en", lang)
    )
    assert theirs == english


@pytest.fixture
def packs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for lang in ("en", "fr"):
        shutil.copytree(packs.PACKS_DIR / lang, tmp_path / lang)
    monkeypatch.setattr(packs, "PACKS_DIR", tmp_path)
    packs.available_languages.cache_clear()
    packs._load.cache_clear()
    yield tmp_path
    packs.available_languages.cache_clear()
    packs._load.cache_clear()


def test_a_pack_missing_a_phrase_names_its_file(packs_dir: Path) -> None:
    file = packs_dir / "fr" / "app.yml"
    file.write_text(file.read_text().replace("  undo: ", "  undone: "))
    with pytest.raises(LanguagePackError) as missing:
        app_words("fr")
    assert missing.value.file == str(file)
    assert missing.value.line is not None


def test_a_language_without_app_words_gets_the_default_ones(packs_dir: Path) -> None:
    shutil.copytree(packs_dir / "fr", packs_dir / "it")
    (packs_dir / "it" / "language.yml").write_text("code: it\nname: Italiano\n")
    (packs_dir / "it" / "app.yml").unlink()
    assert app_words("it").chat.undo == app_words("en").chat.undo
