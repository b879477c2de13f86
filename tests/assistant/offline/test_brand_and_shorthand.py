"""The business's own name says whose people, nothing more ('Reel House members', 'stuff on
Onda'); English habitual 'used to' is grammar; chat shorthand for accounts and business
('accts', 'biz', '24-mo') reads as the words it stands for."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Op
from schema_catalog import Catalog
from tests.support.planning import propose


def _unread(request: str, catalog: Catalog) -> list[str]:
    result = propose(request, catalog)
    return [item.phrase for item in result.coverage if item.rule_path is None]


def test_the_brand_name_is_read_without_a_rule(cinema: Catalog) -> None:
    result = propose("Reel House members living in York", cinema)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.home_town", op=Op.EQ, value="York"),
    )
    assert _unread("Reel House members living in York", cinema) == []


def test_used_to_is_the_habitual_past_not_a_usage(telecom: Catalog) -> None:
    request = "people who used to watch shows on Onda but have not watched any since December"
    rules = propose(request, telecom).rules.root.rules
    assert {rule.event for rule in rules if isinstance(rule, Behavior)} == {"viewing"}
    assert _unread(request, telecom) == []


@pytest.mark.parametrize(
    "request_text",
    [
        "biz accts in Bretagne on 24-mo contracts",
        "business accounts in Bretagne on 24-month contracts",
    ],
)
def test_chat_shorthand_reads_as_the_full_words(request_text: str, telecom: Catalog) -> None:
    rules = set(propose(request_text, telecom).rules.root.rules)
    assert rules == {
        Attribute(field="accounts.account_type", op=Op.EQ, value="business"),
        Attribute(field="accounts.region", op=Op.EQ, value="Bretagne"),
        Attribute(field="accounts.contract_type", op=Op.EQ, value="24_months"),
    }
