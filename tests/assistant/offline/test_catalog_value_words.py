"""A vague word the catalog defines as a value of one column ('seniors': the senior pass) is read
as that value, and the proposal says so before the count — the business's word is never turned
into a question nobody can answer from the catalog, nor silently into an age band."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import propose


@pytest.fixture(scope="module")
def passes(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members hold a pass, 'seniors' being the senior pass's word."""
    pass_type = Column(
        name="pass_type",
        type=ColumnType.STRING,
        label="Pass type",
        description="Kind of club pass.",
        allowed_values=("senior", "student", "standard"),
        value_synonyms={"senior": ("seniors", "Senioren", "retraités")},
    )
    return with_profile_column(cinema, pass_type)


@pytest.mark.parametrize("request_text", ["seniors in York", "Senioren aus York"])
def test_a_vague_word_the_catalog_defines_is_its_value_stated(
    request_text: str, passes: Catalog
) -> None:
    result = propose(request_text, passes)
    senior = Attribute(field="moviegoers.pass_type", op=Op.EQ, value="senior")
    assert senior in result.rules.root.rules
    assert len(result.assumptions) == 1


def test_the_grocery_senior_card(grocery: Catalog) -> None:
    result = propose("Senioren mit Seniorenkarte, die wir per E-Mail erreichen können", grocery)
    senior = Attribute(field="cardholders.card_type", op=Op.EQ, value="senior")
    assert senior in result.rules.root.rules
