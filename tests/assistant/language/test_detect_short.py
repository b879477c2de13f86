"""Short requests are told apart by their language's own words when grammar words do not tell
(people nouns, compounds, letters only one language writes); catalog words alone never move a
conversation off its language."""

from __future__ import annotations

import pytest

from assistant import Clarification, Conversation, Proposal, Turn
from assistant.language import detect_language, load_pack
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    ("request_text", "code"),
    [
        ("Abonnenten in Bretagne", "de"),
        ("Weinkäufer", "de"),
        ("Stammkunden", "de"),
        ("Vielflieger mit Goldkarte", "de"),
        ("adhérents drive", "fr"),
        ("abonnés fibre", "fr"),
        ("clients fidèles", "fr"),
        ("acheteurs réguliers", "fr"),
        ("VIP shoppers", "en"),
        ("prepaid lines", "en"),
        ("Premium viewers", "en"),
        ("Lyon residents", "en"),
    ],
)
def test_a_short_request_is_read_in_its_language(request_text: str, code: str) -> None:
    assert detect_language(request_text).code == code


def test_grammar_words_outweigh_letters_and_nouns() -> None:
    """A French name in an English sentence ('Marché Frais') does not make it French."""
    assert detect_language("shoppers who bought Marché Frais products").code == "en"
    assert detect_language("Kunden, die Crème brûlée gekauft haben").code == "de"


def test_letters_tell_only_between_tied_languages() -> None:
    english, german = load_pack("en"), load_pack("de")
    assert detect_language("Müller", [english, german]).code == "de"
    assert detect_language("Smith", [english, german]).code == "en"


@pytest.mark.parametrize(
    ("first", "follow_up", "code"),
    [
        ("clients qui ont acheté des chaussures", "VIP", "fr"),
        ("Kunden, die Schuhe gekauft haben", "VIP", "de"),
        ("customers who bought shoes", "VIP", "en"),
    ],
)
def test_a_follow_up_of_catalog_words_keeps_the_conversations_language(
    first: str, follow_up: str, code: str, catalog: Catalog
) -> None:
    conversation = Conversation()
    outcome = PLANNER.plan(first, conversation, catalog)
    assert isinstance(outcome, Proposal), outcome
    conversation = conversation.add(Turn(role="user", text=first)).add(
        Turn(role="assistant", text="…", rules=outcome.rules)
    )
    again = PLANNER.plan(follow_up, conversation, catalog)
    assert isinstance(again, Proposal | Clarification), again
    assert again.language == code
