"""'add June too' after a request dated to May: the audience's one range of days (a behaviour's
window, or a date attribute between two days) is stretched to cover the period said as well, when
the two touch or overlap — the change is what the follow-up names and adds people, so nothing is
flagged. A period that does not touch the range is not joined into one range."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Conversation, Proposal, Turn
from assistant.offline import OfflinePlanner
from assistant.planning import plan
from audience.rules import Attribute, Op, WindowKind
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose

BOUGHT = {
    "en": ("customers who bought bags in February", "add March too"),
    "fr": ("clients qui ont acheté des sacs en février", "ajoute mars aussi"),
}


def _follow(catalog: Catalog, first: str, follow_up: str) -> object:
    previous = propose(first, catalog)
    history = Conversation(
        turns=(
            Turn(role="user", text=first),
            Turn(role="assistant", text=previous.explanation, rules=previous.rules),
        )
    )
    return plan(follow_up, history, catalog, planner=OfflinePlanner())


def _unflagged(result: object) -> Proposal:
    assert isinstance(result, Proposal), result
    assert not [i for i in result.issues if i.code == "edit_unnamed_change"], result.issues
    return result


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_month_added_stretches_the_window(lang: str, catalog: Catalog) -> None:
    first, follow_up = BOUGHT[lang]
    (before,) = behaviors(propose(first, catalog).rules)
    assert before.window is not None and before.window.type is WindowKind.BETWEEN
    (after,) = behaviors(_unflagged(_follow(catalog, first, follow_up)).rules)
    assert after.window is not None and after.window.start == before.window.start
    assert before.window.end is not None
    assert after.window.end == date(before.window.end.year, 3, 31)


def test_a_month_apart_is_not_joined_into_one_range(catalog: Catalog) -> None:
    first = BOUGHT["en"][0]
    (before,) = behaviors(propose(first, catalog).rules)
    assert before.window is not None
    result = _follow(catalog, first, "add June too")
    windows = [b.window for b in behaviors(result.rules)] if isinstance(result, Proposal) else []
    spans = [(w.start, w.end.month) for w in windows if w is not None and w.end is not None]
    assert (before.window.start, 6) not in spans


def test_a_date_attribute_is_stretched() -> None:
    telecom = get_domain("telecom").load_catalog()
    first = "Kunden mit 24-Monats-Vertrag, deren Vertrag im Mai endet"
    (held,) = [
        r
        for r in propose(first, telecom).rules.root.rules
        if isinstance(r, Attribute) and r.op is Op.BETWEEN
    ]
    result = _unflagged(_follow(telecom, first, "nimm auch den Juni dazu"))
    (wider,) = [
        r for r in result.rules.root.rules if isinstance(r, Attribute) and r.op is Op.BETWEEN
    ]
    start, end = (date.fromisoformat(str(day)) for day in wider.value)  # type: ignore[union-attr]
    assert str(start) == str(held.value[0])  # type: ignore[index]
    assert (end.month, end.day) == (6, 30)
