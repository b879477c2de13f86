"""A follow-up narrowing by part of a value's name ('only the premium ones' after an 'Onda+'
trial) filters the event the audience holds on that value, when the earlier turn said the rest
of the name — in English, French and German — and the change is not flagged as one the
follow-up did not name. Without the rest of the name, the word's own readings stand (a
question, not a silent TV package)."""

from __future__ import annotations

import pytest

from assistant import Clarification, Conversation, Proposal, Turn
from assistant.planning import check_proposal
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import converse

PREMIUM = Condition(field="offer", op=Op.EQ, value="stream_premium")


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("subscribers whose Onda+ trial ends in the next 10 days", "only the premium ones"),
        ("subs w/ an Onda+ trial that expired without converting", "only the premium trials"),
        (
            "abonnés dont l'essai Onda+ se termine dans les 10 prochains jours",
            "seulement les premium",
        ),
        ("Kunden, deren Onda+-Probeabo in den nächsten 10 Tagen endet", "nur die Premium-Kunden"),
    ],
)
def test_the_held_event_is_narrowed_to_the_value(
    first: str, follow_up: str, telecom: Catalog
) -> None:
    before = converse(telecom, first)
    result = converse(telecom, first, follow_up)
    assert isinstance(before, Proposal) and isinstance(result, Proposal), result
    (old,) = before.rules.root.rules
    (new,) = result.rules.root.rules
    assert isinstance(old, Behavior) and isinstance(new, Behavior)
    assert new == old.updated(filters=(*old.filters, PREMIUM))
    history = Conversation(
        turns=(
            Turn(role="user", text=first),
            Turn(role="assistant", text="…", rules=before.rules),
        )
    )
    checked = check_proposal(result, telecom, request=follow_up, history=history)
    assert not [issue for issue in checked.issues if issue.code == "edit_unnamed_change"]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("subscribers whose trial ends in the next 10 days", "only the premium ones"),
        ("abonnés dont l'essai se termine dans les 10 prochains jours", "seulement les premium"),
    ],
)
def test_without_the_rest_of_the_name_it_still_asks(
    first: str, follow_up: str, telecom: Catalog
) -> None:
    assert isinstance(converse(telecom, first, follow_up), Clarification)
