"""Language packs: every pack loads and is complete, the roles the parser reads exist, tokens keep
the user's exact characters, and languages are told apart by their own words."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.language import (
    LanguagePackError,
    Role,
    available_codes,
    detect_language,
    load_pack,
    raw_tokens,
    tokenize,
)
from assistant.language.model import PackFiles
from assistant.language.pack import LANGUAGES_DIR, read_pack_files


def _phrase_fields() -> set[str]:
    fields = set()
    for topic, info in PackFiles.model_fields.items():
        model = info.annotation
        hints = typing.get_type_hints(model)
        fields |= {
            f"{topic}.{name}" for name, hint in hints.items() if "tuple[str, ...]" in str(hint)
        }
    return fields


def test_roles_are_exactly_the_phrase_lists_of_the_topics() -> None:
    """Every plain list of a topic is reachable by a Role (morphology compiles its own)."""
    lists = {name for name in _phrase_fields() if not name.startswith("morphology.")}
    assert {role.value for role in Role} == lists


@pytest.mark.parametrize("code", available_codes())
def test_every_pack_has_every_topic(code: str) -> None:
    files = {path.stem for path in (LANGUAGES_DIR / code).glob("*.yml")}
    assert files >= set(PackFiles.model_fields)
    pack = load_pack(code)
    assert pack.code == code
    assert all(
        pack.table(role).entries for role in (Role.FUNCTION, Role.NEGATION, Role.PAST, Role.OR)
    )


def test_a_malformed_topic_names_the_pack(tmp_path: Path) -> None:
    (tmp_path / "language.yml").write_text("code: xx\nname: Test\n")
    (tmp_path / "negation.yml").write_text("wrods: [not]\n")
    with pytest.raises(LanguagePackError) as caught:
        read_pack_files(tmp_path)
    assert tmp_path.name in str(caught.value)


def test_words_of_one_language_never_leak_into_another() -> None:
    english, french = load_pack("en"), load_pack("fr")
    assert "dont" in english.morphology.contractions
    assert "dont" not in french.morphology.contractions
    assert english.is_word(Role.OR, "or") and not french.is_word(Role.OR, "or")
    assert french.is_word(Role.OR, "ou") and not english.is_word(Role.OR, "ou")


@pytest.mark.parametrize(
    ("request_text", "code"),
    [
        ("VIP customers who bought twice", "en"),
        ("clients VIP à Paris", "fr"),
        ("clients or à Lyon", "fr"),
        ("clients dont la ville est Lyon", "fr"),
        ("customers in Lyon or Nice", "en"),
    ],
)
def test_detection(request_text: str, code: str) -> None:
    assert detect_language(request_text).code == code


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("didn't", ["did", "not"]),
        ("n'ont", ["n", "ont"]),
        ("l'appli", ["l", "appli"]),
        ("w/o", ["without"]),
    ],
)
def test_contractions_and_elisions_expand_within_their_span(text: str, words: list[str]) -> None:
    code = "fr" if text[1] == "'" else "en"
    tokens = tokenize(text, load_pack(code).morphology)
    assert [t.text for t in tokens] == words
    assert all(text[t.start : t.end] for t in tokens)


_MORPHOLOGIES = {code: load_pack(code).morphology for code in ("en", "fr")}
"""Read when the module loads, so no timed example pays for reading the pack files."""

_ALPHABET = st.sampled_from([*"abcdeéèàAZ '’-/,.€0123456789", "n't", "l'", "w/o", "ß", "ﬁ"])


@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "fr"]))
def test_token_spans_are_the_users_characters(text: str, code: str) -> None:
    for token in tokenize(text, _MORPHOLOGIES[code]):
        assert 0 <= token.start < token.end <= len(text)
    for token in raw_tokens(text):
        assert text[token.start : token.end].strip()
