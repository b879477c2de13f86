"""An event named the way people say it rather than by its full label: the label without its
head noun ('customer desk' for 'Customer desk calls'), and a 'last …' cue separated from the
behaviour only by that head noun ('last call with the customer desk')."""

from __future__ import annotations

import pytest

from audience.rules import RuleTree
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.fixture(scope="module")
def desk(cinema: Catalog) -> Catalog:
    """The cinema catalog whose visits are calls to the customer desk."""
    visits = cinema.table("visits")
    called = visits.model_copy(
        update={"label": "Customer desk calls", "synonyms": ("desk call", "desk calls")}
    )
    tables = tuple(called if t.name == "visits" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


def _events(tree: RuleTree) -> list[tuple[str, bool]]:
    return [(b.event, b.negate) for b in behaviors(tree)]


def test_the_label_without_its_head_noun_names_the_event(desk: Catalog) -> None:
    result = propose("members in touch with the customer desk in the last month", desk)
    assert _events(result.rules) == [("visits", False)]


def test_last_then_the_head_noun_then_the_event_is_its_latest_occurrence(desk: Catalog) -> None:
    """'last call with the customer desk … over 6 months ago': did it, not in the last 6
    months (not 'at least once, 6 months ago or more')."""
    result = propose("members whose last call with the customer desk was over 6 months ago", desk)
    assert _events(result.rules) == [("visits", False), ("visits", True)]
    _, recent = behaviors(result.rules)
    assert recent.window is not None and recent.window.amount == 6


def test_a_label_ending_on_a_grammar_word_names_nothing(catalog: Catalog) -> None:
    """The demo's French label 'visites du site' does not make 'visites du' a name."""
    from assistant.offline.lexicon import lexicon_for

    found = lexicon_for(catalog).entries.match(("visites", "du"), 0)
    assert found is None or found[0] < 2
