"""A people noun of the language ('consumers', 'clients') in the plural of one of the catalog's
profile values names those people — the value — not anyone: before, the word was read as the
generic people noun and the value was lost without a word (issue 12)."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Group
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import propose


@pytest.fixture(scope="module")
def ticketed(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members are either paying clients or guests of a member."""
    column = Column(
        name="ticketing",
        type=ColumnType.STRING,
        label="Ticketing",
        description="Whether the member pays for their tickets or is a member's guest.",
        allowed_values=("client", "guest"),
    )
    return with_profile_column(cinema, column)


def _values(rules: object) -> set[tuple[str, object]]:
    assert isinstance(rules, Group)
    found: set[tuple[str, object]] = set()
    for rule in rules.rules:
        if isinstance(rule, Group):
            found |= _values(rule)
        elif isinstance(rule, Attribute):
            found.add((rule.field, rule.value))
    return found


@pytest.mark.parametrize(
    "request_text", ["clients in Leeds", "guests in York, or clients in Leeds", "clients de Leeds"]
)
def test_a_people_noun_that_is_a_profile_value_is_that_value(
    request_text: str, ticketed: Catalog
) -> None:
    found = _values(propose(request_text, ticketed).rules.root)
    assert ("moviegoers.ticketing", "client") in found


def test_without_such_a_value_the_people_noun_is_anyone(cinema: Catalog) -> None:
    assert _values(propose("clients in Leeds", cinema).rules.root) == {
        ("moviegoers.home_town", "Leeds")
    }
