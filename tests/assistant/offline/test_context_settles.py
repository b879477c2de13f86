"""A vague word that is also a column's value (issue 12, pattern 8): next to a word of that
column's name it is the value — the sentence settles it, nothing to ask; alone it stays vague.
"""

from __future__ import annotations

import pytest

from assistant import Proposal
from audience.rules import Attribute, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import PLANNER, propose


@pytest.fixture(scope="module")
def passes(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members hold a pass: senior, student or standard."""
    pass_type = Column(
        name="pass_type",
        type=ColumnType.STRING,
        label="Pass type",
        description="Kind of club pass.",
        allowed_values=("senior", "student", "standard"),
    )
    return with_profile_column(cinema, pass_type)


@pytest.mark.parametrize("request_text", ["members with a senior pass", "senior pass holders"])
def test_a_vague_word_next_to_its_column_name_is_the_value(
    request_text: str, passes: Catalog
) -> None:
    result = propose(request_text, passes)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.pass_type", op=Op.EQ, value="senior"),
    )


def test_the_same_vague_word_alone_is_not_settled(passes: Catalog) -> None:
    result = PLANNER.plan("senior members", None, passes)
    assert not isinstance(result, Proposal) or result.assumptions


def test_a_german_compound_with_the_column_name_settles_it(grocery: Catalog) -> None:
    result = propose("alle Kunden mit einer Seniorenkarte", grocery)
    assert result.rules.root.rules == (
        Attribute(field="cardholders.card_type", op=Op.EQ, value="senior"),
    )
