"""A refinement's notices about earlier turns: a word left unread earlier is said once (not both
as the edited tree's notice carried and as an earlier word that lost its rule), and an earlier
turn is read in its own language, so a follow-up in another language does not make its words
unread."""

from __future__ import annotations

import pytest

from assistant import Proposal
from schema_catalog import Catalog
from tests.support.planning import play


def _play(catalog: Catalog, *requests: str) -> Proposal:
    result = play(catalog, *requests)
    assert isinstance(result, Proposal), result
    return result


@pytest.mark.parametrize(
    ("first", "follow_up", "word"),
    [
        ("VIP customers who love hiking", "only those in Paris", "hiking"),
        ("VIP customers who love hiking", "narrow it to people reachable by email", "hiking"),
        ("clients VIP passionnés de randonnée", "seulement ceux de Paris", "randonnée"),
        ("VIP-Kunden, die gern wandern", "nur die aus Paris", "wandern"),
    ],
)
def test_an_earlier_unread_word_is_said_once(
    catalog: Catalog, first: str, follow_up: str, word: str
) -> None:
    assert any(word in notice for notice in _play(catalog, first).notices)
    notices = _play(catalog, first, follow_up).notices
    assert len([notice for notice in notices if word in notice]) == 1, notices


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("VIP customers who bought shoes in January", "seulement ceux de Paris"),
        ("VIP customers who bought shoes in January", "nur die aus Paris"),
        ("clients VIP qui ont acheté des chaussures en janvier", "only those in Paris"),
    ],
)
def test_an_earlier_turn_in_another_language_keeps_its_words(
    catalog: Catalog, first: str, follow_up: str
) -> None:
    result = _play(catalog, first, follow_up)
    assert not [i for i in result.issues if i.code == "coverage_earlier_dropped"], result.issues
