"""A request to change the schema ('add a column to the table') is refused as a change to the
data; the same nouns further from the verb belong to an edit of the audience, which is planned."""

from __future__ import annotations

import pytest

from assistant import Refusal
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    "request_text",
    [
        "rename the loyalty tier column to status",
        "crée une table des clients VIP de Lyon",
        "lege eine Tabelle mit allen VIP-Kunden an",
    ],
)
def test_a_schema_change_is_refused_as_a_change_to_the_data(
    request_text: str, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Refusal) and result.category == "unsafe", result


@pytest.mark.parametrize(
    "request_text",
    [
        "VIP customers, and add a condition on the city column: Lyon",
        "women in Paris, then add the ones who bought shoes from the summer table",
    ],
)
def test_an_edit_naming_a_column_is_not_refused(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert not (isinstance(result, Refusal) and result.category == "unsafe"), result
