"""The app's own words: every language pack has every phrase of ``app.yml``, ``answer.yml`` and
``flags.yml``, with the same placeholders as the English one, and a pack missing a phrase is
refused with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from audience.workflow.flag_words import FlagWords
from languages import LanguagePackError, available_languages, load_topic, packs
from tests.support.packs import placeholders
from ui.components.app_words import AppPhrases, app_words
from ui.components.phrases import AnswerPhrases

TOPICS = {"app": AppPhrases, "answer": AnswerPhrases, "flags": FlagWords}


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_pack_has_every_phrase_with_the_english_placeholders(lang: str, topic: str) -> None:
    load_topic(lang, topic, TOPICS[topic])  # every field required, no unknown one
    english, theirs = (
        placeholders(yaml.safe_load((packs.PACKS_DIR / code / f"{topic}.yml").read_text()))
        for code in ("en", lang)
    )
    assert theirs == english


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
