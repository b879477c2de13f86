"""A phrase read one way when the catalog offers a rival reading that selects other people is a
question whose options are complete audiences, each counted (the trust contract: ambiguous
content → a clarification of complete, valid previews). A phrase with no rival stays a proposal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Clarification, Conversation, Proposal, Turn, plan
from audience.engine import AudienceEngine
from audience.rules import Attribute, Op, RuleTree
from audience.validate import validate_rules
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


def _asked(request: str, catalog: Catalog) -> Clarification:
    result = PLANNER.plan(request, None, catalog)
    assert isinstance(result, Clarification), (request, result)
    return result


def _trees(asked: Clarification) -> list[RuleTree]:
    trees = [option.rules for option in asked.options]
    assert all(tree is not None for tree in trees)
    return [tree for tree in trees if tree is not None]


@pytest.mark.parametrize(
    ("request_text", "language"),
    [
        ("mobile customers living in Nice", "en"),
        ("clients mobiles de Nice", "fr"),
        ("mobile Kunden aus Nice", "de"),
    ],
)
def test_a_column_word_that_is_also_an_event_value_asks_with_both_audiences(
    request_text: str, language: str, catalog: Catalog
) -> None:
    asked = _asked(request_text, catalog)
    first, second = _trees(asked)
    assert Attribute(field="customers.phone", op=Op.IS_SET) in first.root.rules
    (sessions,) = behaviors(second)
    assert sessions.event == "web_sessions"
    assert [(f.field, f.value) for f in sessions.filters] == [("device", "mobile")]
    for tree in (first, second):  # the rest of the request is in every option
        assert Attribute(field="customers.city", op=Op.EQ, value="Nice") in tree.root.rules
        assert not [i for i in validate_rules(tree, catalog) if i.is_error]
    assert asked.language == language


@pytest.mark.parametrize(
    "request_text",
    ["drive customers since March", "clients drive depuis mars", "Drive-Kunden seit März"],
)
def test_a_value_booked_and_done_is_read_as_done_with_the_choice_stated(
    request_text: str, grocery: Catalog
) -> None:
    """'drive' is the click-and-collect of the paid baskets and of the online orders (bookings,
    dated ahead): looking back, the baskets — and the proposal says it could be the orders."""
    result = plan(request_text, None, grocery)
    assert isinstance(result, Proposal), result
    (behavior,) = behaviors(result.rules)
    assert behavior.event == "baskets"
    assert behavior.window is not None and behavior.window.start is not None
    assert [issue.code for issue in result.warnings] == ["event_guessed"]


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who paid more than 80 euros for their box internet in 2025",
        "abonnés qui ont payé plus de 80 € pour leur box internet en 2025",
        "Kunden, die 2025 mehr als 80 € für ihre Box Internet bezahlt haben",
    ],
)
def test_a_presence_test_may_instead_be_the_value_of_the_payment(
    request_text: str, telecom: Catalog
) -> None:
    """'paid … for box internet': the phrase names a column (home internet is known) and a
    value the payment of its clause takes (the renewals' broadband service)."""
    known, paid = _trees(_asked(request_text, telecom))
    assert any(isinstance(r, Attribute) and r.op is Op.IS_SET for r in known.root.rules)
    (renewal,) = behaviors(paid)
    assert ("service", "broadband") in {(f.field, f.value) for f in renewal.filters}
    assert renewal.aggregate is not None and renewal.aggregate.value == 80
    assert not any(isinstance(r, Attribute) and r.op is Op.IS_SET for r in paid.root.rules)


def test_a_word_with_no_rival_reading_stays_a_proposal(catalog: Catalog) -> None:
    result = propose("VIP customers in Lyon who opened an email in the last month", catalog)
    assert not result.notices
    assert {b.event for b in behaviors(result.rules)} == {"email_events"}


def test_options_are_counted_and_picking_one_continues_with_its_tree(
    catalog: Catalog, demo_db: Path
) -> None:
    with AudienceEngine(demo_db, catalog) as engine:
        counter = lambda tree: engine.count(tree).count  # noqa: E731
        asked = plan("mobile customers living in Nice", None, catalog, counter=counter)
        assert isinstance(asked, Clarification)
        counts = [option.count for option in asked.options]
        assert counts == [engine.count(o.rules).count for o in asked.options if o.rules]
        assert len(set(counts)) == len(counts)  # different audiences
    picked = asked.options[1]
    conversation = Conversation(
        turns=(
            Turn(role="user", text="mobile customers living in Nice"),
            Turn(role="assistant", text=picked.label, rules=picked.rules),
        )
    )
    refined = plan("only VIP ones", conversation, catalog)
    assert isinstance(refined, Proposal)
    assert {b.event for b in behaviors(refined.rules)} == {"web_sessions"}
    assert (
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip") in refined.rules.root.rules
    )
