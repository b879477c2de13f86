"""'… but not since January', 'mais plus depuis janvier', 'aber seit März nicht mehr': the
behaviour done (ever, or before), and not within the window — the second clause keeps the first
clause's event and values. French 'plus' is 'no longer' right after 'mais' or inside an open
'ne' ('n'ont plus …', 'ne l'ont plus fait'), and still 'and' / 'more than' elsewhere; a word of
the past ('used to', 'autrefois', 'früher') describes that lapse and is no word left over."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Proposal
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "start"),
    [
        ("clients qui ont acheté des chaussures mais plus depuis janvier", date(2026, 1, 1)),
        ("clients qui ont acheté des chaussures mais ne l'ont plus fait depuis mars", None),
        ("clients qui ont autrefois acheté des chaussures mais plus depuis mars", None),
        ("customers who bought shoes but no longer since January", date(2026, 1, 1)),
        ("customers who previously bought shoes but not in the last 3 months", None),
        ("customers who bought shoes but haven't done so since March", None),
        ("Kunden, die früher Schuhe gekauft haben, aber seit Januar nicht mehr", date(2026, 1, 1)),
        ("Kunden, die Schuhe gekauft haben, aber in den letzten 3 Monaten nicht mehr", None),
    ],
)
def test_no_longer_keeps_the_behaviour_and_negates_its_window(
    request_text: str, start: date | None, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    done, lapsed = behaviors(proposal.rules)
    assert (done.negate, lapsed.negate) == (False, True)
    assert done.window is None and lapsed.window is not None
    assert done.filters == lapsed.filters
    assert [(c.field, c.value) for c in done.filters] == [("category", "shoes")]
    assert start is None or lapsed.window.start == start
    assert all(item.rule_path is not None for item in proposal.coverage), proposal.coverage


@pytest.mark.parametrize(
    "request_text",
    [
        "clients qui ont appelé le service client mais qui n'ont plus appelé depuis janvier",
        "customers who called customer care but haven't called anymore since January",
        "Kunden, die beim Kundenservice angerufen haben, aber seit Januar nicht mehr",
    ],
)
def test_no_longer_with_a_verb_of_its_own(request_text: str, telecom: Catalog) -> None:
    done, lapsed = behaviors(propose(request_text, telecom).rules)
    assert (done.negate, lapsed.negate) == (False, True)
    assert done.event == lapsed.event == "care_contacts"
    assert lapsed.window is not None and lapsed.window.start == date(2026, 1, 1)


def test_plus_elsewhere_is_still_and(catalog: Catalog) -> None:
    proposal = propose("clients qui ont acheté des chaussures plus des sacs", catalog)
    (bought,) = behaviors(proposal.rules)
    assert not bought.negate
    assert {c.field for c in bought.filters} == {"category"}


def test_plus_after_but_with_no_window_is_no_negation(catalog: Catalog) -> None:
    """'mais plus souvent' is 'but more often': 'plus' negates only before a window or the end."""
    result = PLANNER.plan(
        "clients qui ont acheté des chaussures mais plus souvent des sacs", None, catalog
    )
    trees = [o.rules for o in result.options] if isinstance(result, Clarification) else []
    trees += [result.rules] if isinstance(result, Proposal) else []
    assert trees
    assert not any(
        node.negate for tree in trees for _, node in tree.walk() if hasattr(node, "negate")
    )
