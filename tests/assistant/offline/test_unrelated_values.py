"""A word that names a profile value and an event value of another thing (telecom 'Plus': the
Plus 100 GB mobile plan, or the Onda+ streaming service — the two values share no word), with
nothing in the sentence saying which, is asked about, each reading an option (en/fr/de). A word
of the sentence naming one of them ('the Plus plan'), or a longer name ('Plus 100'), settles it.
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose

_PLUS = Attribute(field="accounts.current_plan", op=Op.EQ, value="plus_100gb")


@pytest.mark.parametrize(
    "request_text",
    ["pull all our Plus customers", "tous nos clients Plus", "alle unsere Plus-Kunden"],
)
def test_a_word_of_two_unrelated_values_asks(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification)
    assert len(result.options) == 2
    assert any(option.rules.root.rules == (_PLUS,) for option in result.options)


@pytest.mark.parametrize("request_text", ["customers on the Plus plan", "Plus 100 customers"])
def test_a_word_naming_one_of_them_settles_it(request_text: str, telecom: Catalog) -> None:
    assert propose(request_text, telecom).rules.root.rules == (_PLUS,)
