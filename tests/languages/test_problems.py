"""Problems in words: every issue and error that ``audience`` raises is worded by a phrase that
every language pack has, with the same placeholders.

The phrase keys are found in the code (every ``say("key", ...)`` call under ``audience/``), not
in a hand list, so a new raise site without its phrases fails here; so does an issue built
without a wording, or a phrase key given as anything but text in the call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import assistant
import audience
import schema_catalog
import ui
from audience.errors import CommentRequiredError
from audience.rules import problem_text
from languages import (
    LanguagePackError,
    Wording,
    available_languages,
    packs,
    problem_words,
    say,
    word,
)
from languages.problems import TOPIC
from schema_catalog import Catalog
from tests.support.packs import placeholders

AUDIENCE_DIR = Path(audience.__file__).parent
CLI_DIR = Path(ui.__file__).parent / "cli"
ASSISTANT_DIR = Path(assistant.__file__).parent
CATALOG_DIR = Path(schema_catalog.__file__).parent
CODE_DIRS = (AUDIENCE_DIR, ASSISTANT_DIR, CLI_DIR, CATALOG_DIR)
"""Where errors and issues are worded: ``audience`` (all of its own), the assistant's refusals
of a request, the command line's own errors, and the catalog's checks and restrictions that a
page shows (policy checks, synonym collisions, a restriction's protected range)."""
ISSUES_FILE = Path(schema_catalog.__file__).parent / "issues.py"
SAME_IN_EVERY_LANGUAGE = {"detail", "schema_problem"}
"""Phrases that are only a value passed through (another package's message)."""


def _pack(lang: str) -> dict[str, dict[str, object]]:
    loaded: dict[str, dict[str, object]] = yaml.safe_load(
        (packs.PACKS_DIR / lang / f"{TOPIC}.yml").read_text(encoding="utf-8")
    )
    return loaded


def _say_calls(folder: Path = AUDIENCE_DIR) -> Iterator[tuple[str, ast.Call]]:
    for file in sorted(folder.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                yield f"{file.relative_to(folder)}:{node.lineno}", node


def _keys(argument: ast.expr) -> list[str]:
    """The phrase keys a call's first argument can be: text, or a choice between two texts."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        return _keys(argument.body) + _keys(argument.orelse)
    return []


def _used_phrases(folder: Path = AUDIENCE_DIR) -> dict[str, list[tuple[str, ast.Call]]]:
    used: dict[str, list[tuple[str, ast.Call]]] = {}
    for where, call in _say_calls(folder):
        keys = _keys(call.args[0]) if call.args else []
        assert keys, f"{where}: the phrase key must be written in the call"
        for key in keys:
            used.setdefault(key, []).append((where, call))
    return used


def test_the_code_says_many_phrases() -> None:
    """The scan finds the raise sites (a broken scan would make the next test vacuous)."""
    used = _used_phrases()
    assert len(used) > 250
    assert {"rejection_needs_comment", "own_request", "empty_group", "query_timeout"} <= set(used)


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_every_phrase_the_code_says_is_in_every_pack_with_its_values(lang: str) -> None:
    phrases = _pack(lang)["problems"]
    english = placeholders(_pack("en")["problems"])
    used = [item for folder in CODE_DIRS for item in _used_phrases(folder).items()]
    for key, calls in used:
        assert key in phrases, f"{lang}: no phrase {key!r} ({calls[0][0]})"
        for where, call in calls:
            given = {keyword.arg for keyword in call.keywords if keyword.arg is not None}
            spread = any(keyword.arg is None for keyword in call.keywords)
            # A call that spreads a dict of values gives at least its named ones.
            assert given <= english[key] if spread else given == english[key], (where, key)


def test_every_phrase_of_the_packs_is_said_somewhere() -> None:
    """A phrase no code says is a leftover (the command line's errors and the catalog's
    'did you mean' say a few)."""
    said = {key for folder in CODE_DIRS for key in _used_phrases(folder)} | {"did_you_mean"}
    assert 'say("did_you_mean"' in ISSUES_FILE.read_text(encoding="utf-8")
    assert set(_pack("en")["problems"]) == said


def test_every_pack_has_the_english_phrases_and_terms_with_their_placeholders() -> None:
    english = _pack("en")
    assert set(available_languages()) >= {"en", "fr", "de"}
    for lang in available_languages():
        theirs = _pack(lang)
        assert placeholders(theirs["problems"]) == placeholders(english["problems"]), lang
        terms, english_terms = theirs["terms"], english["terms"]
        assert isinstance(terms, dict) and isinstance(english_terms, dict)
        assert {name: set(values) for name, values in terms.items()} == {
            name: set(values) for name, values in english_terms.items()
        }, lang


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_other_languages_say_each_phrase_in_their_own_words(lang: str) -> None:
    english, theirs = _pack("en")["problems"], _pack(lang)["problems"]
    assert isinstance(english, dict) and isinstance(theirs, dict)
    same = {key for key, phrase in english.items() if theirs[key] == phrase}
    assert same <= SAME_IN_EVERY_LANGUAGE, same - SAME_IN_EVERY_LANGUAGE


def test_no_issue_in_audience_is_built_without_its_wording() -> None:
    """Issues go through ``worded_issue`` (message and hint as phrases), never ``Issue(...)``."""
    for file in sorted(AUDIENCE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                assert getattr(node.func, "id", None) != "Issue", f"{file}:{node.lineno}"


def test_an_error_carries_its_code_and_values_and_keeps_its_english_message() -> None:
    error = CommentRequiredError(say("rejection_needs_comment", audience="Spring VIPs"))
    assert error.code == "rejection_needs_comment"
    assert error.wording.params == {"audience": "Spring VIPs"}
    assert error.message == "Rejecting audience 'Spring VIPs' needs a written comment."
    assert word(error.wording, "fr") == (
        "Refuser l'audience « Spring VIPs » demande un commentaire écrit."
    )


def test_values_are_said_in_the_pages_words(catalog: Catalog) -> None:
    timeout = say("query_timeout", operation="count", seconds="2")
    assert word(timeout, "de").startswith("Zeitlimit überschritten bei der Zählung")
    state = say("wrong_state", action="approve", audience="A", state="draft")
    assert "« brouillon »" in word(state, "fr") and "approuver" in word(state, "fr")
    value = say("value_not_allowed", operand="customers.loyalty_tier", value="'platine'")
    assert problem_text(value, "fr", catalog) == (
        "'platine' n'est pas une valeur possible de « niveau de fidélité »."
    )
    assert problem_text(say("tree_too_large", nodes=12345, most=60), "de", catalog).startswith(
        "Der Baum hat 12.345 Knoten"
    )
    figures = say("reason_missing", audience="A", size={"en": "1", "fr": "un"}, figures="x")
    assert "(un personnes)" in word(figures, "fr") and "(size 1)" in word(figures)


def test_a_phrase_missing_in_english_or_given_wrong_values_names_the_file() -> None:
    with pytest.raises(LanguagePackError) as missing:
        word(Wording(key="no_such_phrase"))
    assert missing.value.file.endswith("en/problems.yml")
    with pytest.raises(LanguagePackError):
        word(say("unknown_field", column="x"), "fr")
    assert problem_words("xx-unknown").problems["empty_group"] == "The group has no rules."
