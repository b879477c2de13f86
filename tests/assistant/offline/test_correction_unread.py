"""A correction that replaces a value in place reads only the words of the value it names: any
other word it cannot read stays unread and is reported, so a correction the planner understood
only in part is never shown as if it were understood in full."""

from __future__ import annotations

import pytest

from assistant import Conversation, Proposal, Turn, plan
from audience.rules import Op
from schema_catalog import Catalog
from tests.support.planning import behaviors


def _corrected(catalog: Catalog, first: str, correction: str) -> Proposal:
    asked = plan(first, None, catalog)
    assert isinstance(asked, Proposal)
    said = Turn(role="assistant", text=asked.explanation, rules=asked.rules)
    conversation = Conversation(turns=(Turn(role="user", text=first), said))
    result = plan(correction, conversation, catalog)
    assert isinstance(result, Proposal)
    return result


@pytest.mark.parametrize(
    ("first", "correction", "unread"),
    [
        (
            "customers who bought shoes online in the last month",
            "no, I meant chiefly bags",
            "chiefly",
        ),
        (
            "clients qui ont acheté des chaussures en ligne le mois dernier",
            "non, je voulais dire surtout des sacs",
            "surtout",
        ),
        (
            "Kunden, die letzten Monat online Schuhe gekauft haben",
            "nein, ich meinte vorwiegend Taschen",
            "vorwiegend",
        ),
    ],
)
def test_an_unknown_word_in_a_correction_is_reported(
    first: str, correction: str, unread: str, catalog: Catalog
) -> None:
    result = _corrected(catalog, first, correction)
    (order,) = behaviors(result.rules)
    assert [(f.field, f.value) for f in order.filters if f.field == "category"] == [
        ("category", "bags")
    ]
    assert unread in result.dropped_phrases
    assert "coverage_dropped_phrase" in {issue.code for issue in result.issues}


def test_a_correction_read_in_full_carries_no_notice(catalog: Catalog) -> None:
    result = _corrected(
        catalog, "customers who bought shoes online in the last month", "no, I meant bags"
    )
    assert result.dropped_phrases == ()
    assert "coverage_dropped_phrase" not in {issue.code for issue in result.issues}


@pytest.mark.parametrize(
    ("first", "correction"),
    [
        (
            "customers who bought shoes online in the last month",
            "no, I meant anything except shoes",
        ),
        (
            "clients qui ont acheté des chaussures en ligne le mois dernier",
            "non, je voulais dire tout sauf des chaussures",
        ),
        (
            "Kunden, die letzten Monat online Schuhe gekauft haben",
            "nein, ich meinte alles außer Schuhe",
        ),
    ],
)
def test_a_correction_that_excludes_a_value_excludes_it(
    first: str, correction: str, catalog: Catalog
) -> None:
    """'no, I meant anything but X': the corrected condition excludes X (it never keeps X)."""
    (order,) = behaviors(_corrected(catalog, first, correction).rules)
    category = [(f.op, f.value) for f in order.filters if f.field == "category"]
    assert category == [(Op.NEQ, "shoes")]
    assert ("channel", "web") in {(f.field, f.value) for f in order.filters}
