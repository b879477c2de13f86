"""A second group of people added to the first ('plus anyone who …', 'as well as those who …',
'ainsi que ceux qui …', 'sowie diejenigen, die …') is the union of the two groups: everything
said before it is one alternative, what follows the other. Read as 'and' it kept only the people
in both groups — a much smaller audience with no warning (issue 12, silent wrong)."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Group, Node
from schema_catalog import Catalog
from tests.support.planning import propose


def _union(rules: tuple[Node, ...]) -> tuple[Node, ...]:
    (union,) = rules
    assert isinstance(union, Group) and union.op == "or" and not union.negate
    return union.rules


def _fields(node: Node) -> set[str]:
    rules = node.rules if isinstance(node, Group) else (node,)
    return {rule.field for rule in rules if isinstance(rule, Attribute)}


@pytest.mark.parametrize(
    "request_text",
    [
        "VIP customers in Lyon plus anyone who bought shoes in the last 6 months",
        "VIP customers in Lyon, as well as those who bought shoes in the last 6 months",
        "VIP customers in Lyon and also anyone who bought shoes in the last 6 months",
        "clients VIP à Lyon ainsi que ceux qui ont acheté des chaussures ces 6 derniers mois",
        "clients VIP à Lyon, plus ceux qui ont acheté des chaussures ces 6 derniers mois",
        "clients VIP à Lyon et aussi ceux qui ont acheté des chaussures ces 6 derniers mois",
        "VIP-Kunden in Lyon sowie diejenigen, die in den letzten 6 Monaten Schuhe gekauft haben",
        "VIP-Kunden in Lyon plus alle, die in den letzten 6 Monaten Schuhe gekauft haben",
        "VIP-Kunden in Lyon und außerdem alle, die in den letzten 6 Monaten Schuhe gekauft haben",
    ],
)
def test_a_second_group_joins_the_first(request_text: str, catalog: Catalog) -> None:
    first, second = _union(propose(request_text, catalog).rules.root.rules)
    assert isinstance(first, Group) and first.op == "and"
    assert _fields(first) == {"customers.loyalty_tier", "customers.city"}
    assert isinstance(second, Behavior) and second.event == "orders"
    assert second.window is not None and second.window.amount == 6


@pytest.mark.parametrize(
    "request_text",
    [
        "customers in Lyon who ordered this year, plus anyone who opened an email last month",
        "clients lyonnais ayant commandé cette année, ainsi que ceux qui ont ouvert un email "
        "le mois dernier",
        "Kunden in Lyon, die dieses Jahr bestellt haben, sowie diejenigen, die letzten Monat "
        "eine E-Mail geöffnet haben",
    ],
)
def test_the_first_group_keeps_its_own_clause(request_text: str, catalog: Catalog) -> None:
    """The first group's relative clause stays in the first group: the second group is not an
    alternative to that clause only ('in Lyon' is not said of the email openers)."""
    first, second = _union(propose(request_text, catalog).rules.root.rules)
    assert isinstance(first, Group) and first.op == "and"
    assert _fields(first) == {"customers.city"}
    assert [r.event for r in first.rules if isinstance(r, Behavior)] == ["orders"]
    assert isinstance(second, Behavior) and second.event == "email_events"


@pytest.mark.parametrize(
    "request_text",
    [
        "customers in Lyon who haven't ordered this year, plus anyone who opened an email in "
        "the last 30 days",
        "clients lyonnais qui n'ont pas commandé cette année, et aussi ceux qui ont ouvert un "
        "email ces 30 derniers jours",
        "Kunden in Lyon, die dieses Jahr nicht bestellt haben, und außerdem alle, die in den "
        "letzten 30 Tagen eine E-Mail geöffnet haben",
    ],
)
def test_a_negated_behaviour_stays_in_its_group(request_text: str, catalog: Catalog) -> None:
    first, second = _union(propose(request_text, catalog).rules.root.rules)
    assert isinstance(first, Group)
    assert [r.negate for r in first.rules if isinstance(r, Behavior)] == [True]
    assert isinstance(second, Behavior) and not second.negate


@pytest.mark.parametrize(
    "request_text",
    [
        "prepaid customers plus anyone who renewed in the last 3 months",
        "clients prépayés et aussi ceux qui ont renouvelé ces 3 derniers mois",
        "Prepaid-Kunden und außerdem alle, die in den letzten 3 Monaten verlängert haben",
    ],
)
def test_telecom_union(request_text: str, telecom: Catalog) -> None:
    first, second = _union(propose(request_text, telecom).rules.root.rules)
    assert isinstance(first, Attribute) and first.value == "prepaid"
    assert isinstance(second, Behavior) and second.window is not None


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders in Lille who bought fuel this year as well as those who redeemed a coupon",
        "porteurs de carte de Lille ayant acheté du carburant cette année, plus ceux qui ont "
        "utilisé un coupon",
        "Karteninhaber in Lille, die dieses Jahr getankt haben, sowie diejenigen, die einen "
        "Coupon eingelöst haben",
    ],
)
def test_grocery_union(request_text: str, grocery: Catalog) -> None:
    first, second = _union(propose(request_text, grocery).rules.root.rules)
    assert isinstance(first, Group) and len(first.rules) == 2
    assert isinstance(second, Behavior) and second.event == "coupons"


def test_after_an_exclusion_no_group_is_added(catalog: Catalog) -> None:
    """'except VIPs as well as anyone who …' may list a further exclusion: no union is read."""
    proposal = propose("customers in Lyon except VIPs as well as anyone who ordered", catalog)
    assert not any(isinstance(node, Group) and node.op == "or" for _, node in proposal.rules.walk())
