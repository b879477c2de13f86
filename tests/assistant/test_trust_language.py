"""The planning checks' warnings — an empty audience, a size far from the stated one, rules
that contradict each other — are said in the request's language, from its pack."""

from __future__ import annotations

import pytest

from assistant.language import load_pack
from assistant.trust import contradiction_issues, size_issues
from audience.rules import Attribute, Group, RuleTree
from schema_catalog import Catalog

_LYON_AND_NICE = RuleTree(
    root=Group(
        rules=[
            Attribute(field="customers.city", op="eq", value="Lyon"),
            Attribute(field="customers.city", op="eq", value="Nice"),
        ]
    )
)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_size_warnings_are_in_the_requests_language(language: str, catalog: Catalog) -> None:
    pack = load_pack(language)
    (empty,) = size_issues(0, None, catalog, language)
    assert empty.message == pack.messages["flag_empty_audience"]
    assert empty.hint == pack.messages["hint_empty_audience"]
    (far,) = size_issues(900, 10_000, catalog, language)
    assert far.code == "size_far_from_expected"
    head = pack.messages["flag_far_from_expected"].split("{figure}")[0]
    assert far.message.startswith(head) and "10" in far.message


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_contradictions_are_in_the_requests_language(language: str) -> None:
    (issue,) = contradiction_issues(_LYON_AND_NICE, language)
    pack = load_pack(language)
    expected = pack.say("flag_contradictory", first="root.rules[0]", second="root.rules[1]")
    assert issue.message == expected and issue.hint == pack.messages["hint_contradictory"]


def test_the_three_languages_say_different_things(catalog: Catalog) -> None:
    said = {size_issues(0, None, catalog, code)[0].message for code in ("en", "fr", "de")}
    assert len(said) == 3
