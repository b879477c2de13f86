"""The starting points offered for a request with no condition are worded in its language.

'Kunden bitte' asked its question in German, but its options were labelled from the catalog's
raw names in English ('gender: other', 'email events in the last 3 months'). Each option is
now labelled as the approval screen words its rule, in the request's language (en/fr/de).
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import describe_rules
from schema_catalog import Catalog
from tests.support.planning import PLANNER


@pytest.mark.parametrize(
    ("request_text", "language"),
    [("customers please", "en"), ("les clients svp", "fr"), ("Kunden bitte", "de")],
)
def test_each_starting_point_is_worded_in_the_request_language(
    request_text: str, language: str, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Clarification) and result.language == language
    assert len(result.options) >= 3
    for option in result.options:
        assert option.rules is not None
        (line,) = describe_rules(option.rules, catalog, lang=language).lines
        assert option.label == line.text
