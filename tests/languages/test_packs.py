"""Language packs: the languages are the folders on disk; a bad file names its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from assistant.language.model import PackFiles
from audience.rules import Group, Reachable, RuleTree, describe_rules
from languages import (
    LanguagePackError,
    UnknownLanguageError,
    available_languages,
    check_lang,
    formats,
    language_name,
    load_topic,
    packs,
)
from schema_catalog import Catalog
from tests.support.packs import placeholders


class Greeting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    hello: str
    count: int = 0


def test_the_bundled_languages_are_the_folders() -> None:
    assert {"en", "fr"} <= set(available_languages())
    assert check_lang("fr") == "fr"
    with pytest.raises(UnknownLanguageError) as unknown:
        check_lang("xx")
    assert unknown.value.code == "xx"


def test_adding_a_language_is_adding_a_folder(packs_dir: Path, catalog: Catalog) -> None:
    shutil.copytree(packs_dir / "en", packs_dir / "de")
    (packs_dir / "de" / "language.yml").write_text("code: de\nname: Deutsch\n")
    describe = packs_dir / "de" / "describe.yml"
    describe.write_text(describe.read_text().replace("people: Customers", "people: Kunden"))
    assert available_languages() == ("de", "en", "fr")
    tree = RuleTree(root=Group(rules=[Reachable(channel="email")]))
    assert describe_rules(tree, catalog, lang="de").text.startswith("Kunden")
    assert language_name("de") == "Deutsch"


def test_a_topic_is_validated_by_the_callers_model(packs_dir: Path) -> None:
    (packs_dir / "en" / "greeting.yml").write_text("hello: Hi\ncount: 2\n")
    assert load_topic("en", "greeting", Greeting) == Greeting(hello="Hi", count=2)
    assert load_topic("en", "greeting", Greeting) is load_topic("en", "greeting", Greeting)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("hello: Hi\ncount: many\n", 2),
        ("hello: Hi\n\nfarewell: Bye\n", 3),
        ("hello: [unclosed\n", 2),
        ("hello: Hi\nhello: Hey\n", 2),
    ],
)
def test_a_bad_file_names_its_file_and_line(packs_dir: Path, text: str, line: int) -> None:
    file = packs_dir / "fr" / "greeting.yml"
    file.write_text(text)
    with pytest.raises(LanguagePackError) as bad:
        load_topic("fr", "greeting", Greeting)
    assert (bad.value.file, bad.value.line) == (str(file), line)


def test_a_missing_topic_or_language_is_refused(packs_dir: Path) -> None:
    with pytest.raises(LanguagePackError) as missing:
        load_topic("fr", "greeting", Greeting)
    assert missing.value.file == str(packs_dir / "fr" / "greeting.yml")
    with pytest.raises(UnknownLanguageError):
        load_topic("de", "describe", Greeting)


def test_a_describe_file_missing_an_operator_is_refused(packs_dir: Path, catalog: Catalog) -> None:
    describe = packs_dir / "fr" / "describe.yml"
    describe.write_text(describe.read_text().replace("  within_next:", "  # within_next:"))
    with pytest.raises(LanguagePackError) as incomplete:
        describe_rules(RuleTree(root=Group()), catalog, lang="fr")
    assert incomplete.value.file == str(describe)


def test_every_file_of_a_pack_is_the_topic_of_a_reader() -> None:
    """A misspelt topic file would be read by nobody: each one belongs to the parser, describe,
    the size flags, the app's answer card, the app's own words, the problems' words or the
    number format."""
    topics = set(PackFiles.model_fields) | {
        "describe", "answer", "app", "flags", "problems", formats.TOPIC,
    }  # fmt: skip
    for lang in available_languages():
        assert {file.stem for file in (packs.PACKS_DIR / lang).glob("*.yml")} <= topics, lang


def test_yes_and_no_stay_words(packs_dir: Path) -> None:
    (packs_dir / "en" / "greeting.yml").write_text("hello: no\ncount: 1\n")
    assert load_topic("en", "greeting", Greeting).hello == "no"


def test_every_pack_says_every_message_with_the_english_placeholders() -> None:
    """What the assistant says (``messages.yml``): a key missing in one language would fall
    back to nothing; a placeholder renamed would fail when said."""
    english = yaml.safe_load((packs.PACKS_DIR / "en" / "messages.yml").read_text())
    for lang in available_languages():
        theirs = yaml.safe_load((packs.PACKS_DIR / lang / "messages.yml").read_text())
        assert placeholders(theirs["messages"]) == placeholders(english["messages"]), lang
        assert set(theirs["unit_names"]) == set(english["unit_names"]), lang
