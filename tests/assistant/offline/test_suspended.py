"""A compound's shared part said once ('Bio-Fleisch oder -Fisch' = Bio-Fleisch oder Bio-Fisch):
each alternative keeps it; and 'A or A' is one condition, not two.
"""

from __future__ import annotations

import pytest

from assistant.language import load_pack, tokenize
from assistant.offline.understand import suspended
from audience.rules import Attribute, Behavior, Group
from schema_catalog import Catalog
from tests.support.planning import propose


def test_the_shared_part_is_read_again_at_the_hyphen() -> None:
    english = load_pack("en")
    request = "members with eco-bags or -shoes"
    words = [t.text for t in suspended(request, tokenize(request, english.morphology), english)]
    assert words == ["members", "with", "eco", "bags", "or", "eco", "shoes"]


def test_a_first_part_left_open_takes_the_shared_tail() -> None:
    """'12- or 24-month': the first alternative ends on a hyphen; the tail after the second is
    read again at that hyphen."""
    english = load_pack("en")
    request = "lines on a 12- or 24-month plan"
    words = [t.text for t in suspended(request, tokenize(request, english.morphology), english)]
    assert words == ["lines", "on", "a", "12", "month", "or", "24", "month", "plan"]


@pytest.mark.parametrize(
    ("request_text", "lang"),
    [
        ("customers on a 12- or 24-month contract", "en"),
        ("clients en engagement 12- ou 24-mois", "fr"),
    ],
)
def test_both_values_keep_the_shared_tail(request_text: str, lang: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Attribute) and rule.field == "accounts.contract_type"
    assert sorted(rule.value) == ["12_months", "24_months"]  # type: ignore[arg-type]


def test_a_plain_hyphen_shares_nothing() -> None:
    english = load_pack("en")
    request = "members with eco-bags or shoes"
    words = [t.text for t in suspended(request, tokenize(request, english.morphology), english)]
    assert words.count("eco") == 1


def test_each_alternative_keeps_the_shared_part(grocery: Catalog) -> None:
    result = propose("Kunden, die Bio-Fleisch oder -Fisch gekauft haben", grocery)
    (group,) = result.rules.root.rules
    assert isinstance(group, Group) and group.op == "or" and len(group.rules) == 2
    for line in group.rules:
        assert isinstance(line, Behavior)
        assert ("organic", True) in {(c.field, c.value) for c in line.filters}
