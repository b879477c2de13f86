"""A follow-up's result is compared with the tree it edits: a change to a rule no word of the
follow-up names — a window moved on another behaviour, a rule dropped, the channel switched — is
flagged, whatever planner or edit rule made it; a change the follow-up points at is not."""

from __future__ import annotations

import pytest

from assistant import Conversation, Proposal, Turn
from assistant.planning import check_proposal
from audience.rules import Behavior, Op, RuleTree, TimeUnit, Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import propose

TWO_BEHAVIOURS = {
    "en": "VIP customers who bought shoes and opened an email",
    "fr": "clients VIP qui ont acheté des chaussures et ouvert un email",
    "de": "VIP-Kunden, die Schuhe gekauft und eine E-Mail geöffnet haben",
}
ONE_BEHAVIOUR = {
    "en": "VIP customers who bought shoes",
    "fr": "clients VIP qui ont acheté des chaussures",
    "de": "VIP-Kunden, die Schuhe gekauft haben",
}
MAKE_IT_A_YEAR = {
    "en": "make it 12 months",
    "fr": "plutôt sur 12 mois",
    "de": "mach 12 Monate draus",
}
THE_PURCHASES = {
    "en": "make the purchases 12 months",
    "fr": "les achats sur 12 mois",
    "de": "die Bestellungen in den letzten 12 Monaten",
}
YEAR = Window(type=WindowKind.LAST, amount=12, unit=TimeUnit.MONTH)


def _flagged(
    catalog: Catalog,
    first: str,
    follow_up: str,
    result: RuleTree,
    lang: str,
    changes: tuple[str, ...] = ("…",),
) -> list[str]:
    """Paths of the changes flagged when ``result`` answers ``follow_up`` after ``first`` (an
    edit, or a new audience when ``changes`` is empty)."""
    previous = propose(first, catalog)
    history = Conversation(
        turns=(
            Turn(role="user", text=first),
            Turn(role="assistant", text=previous.explanation, rules=previous.rules),
        )
    )
    proposal = Proposal(rules=result, explanation="…", language=lang, changes=changes)
    checked = check_proposal(proposal, catalog, request=follow_up, history=history)
    return [issue.path for issue in checked.issues if issue.code == "edit_unnamed_change"]


def _windowed(tree: RuleTree, event: str) -> RuleTree:
    """``tree`` with the behaviour on ``event`` given the 12-month window."""
    index = next(
        i for i, r in enumerate(tree.root.rules) if isinstance(r, Behavior) and r.event == event
    )
    return tree.replace_rule(index, tree.root.rules[index].updated(window=YEAR))  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_window_moved_on_one_of_two_behaviours_is_flagged(lang: str, catalog: Catalog) -> None:
    tree = propose(TWO_BEHAVIOURS[lang], catalog).rules
    flagged = _flagged(
        catalog, TWO_BEHAVIOURS[lang], MAKE_IT_A_YEAR[lang], _windowed(tree, "email_events"), lang
    )
    assert flagged == ["root.rules[2]"]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_only_behaviour_needs_no_name(lang: str, catalog: Catalog) -> None:
    tree = propose(ONE_BEHAVIOUR[lang], catalog).rules
    result = _windowed(tree, "orders")
    assert _flagged(catalog, ONE_BEHAVIOUR[lang], MAKE_IT_A_YEAR[lang], result, lang) == []


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_named_behaviour_takes_the_change_and_no_other(lang: str, catalog: Catalog) -> None:
    first = TWO_BEHAVIOURS[lang]
    tree = propose(first, catalog).rules
    named = _windowed(tree, "orders")
    other = _windowed(tree, "email_events")
    assert _flagged(catalog, first, THE_PURCHASES[lang], named, lang) == []
    assert _flagged(catalog, first, THE_PURCHASES[lang], other, lang) == ["root.rules[2]"]


@pytest.mark.parametrize(
    ("first", "follow_up", "named"),
    [
        ("VIP customers in Lyon", "women who bought bags", False),
        ("VIP customers in Lyon", "remove the VIP condition", True),
        ("clients VIP à Lyon", "enlève la condition VIP", True),
        ("VIP-Kunden in Lyon", "nimm die VIP-Bedingung raus", True),
    ],
)
def test_a_rule_dropped_is_flagged_unless_named(
    first: str, follow_up: str, named: bool, catalog: Catalog
) -> None:
    tree = propose(first, catalog).rules
    result = tree.with_rules(tree.root.rules[1:])
    lang = propose(first, catalog).language
    flagged = _flagged(catalog, first, follow_up, result, lang)
    assert flagged == ([] if named else ["root.rules[0]"])


def test_a_channel_switched_without_naming_one_is_flagged(catalog: Catalog) -> None:
    tree = propose("VIP customers in Lyon we can reach by email", catalog).rules
    assert tree.channel == "email"
    switched = tree.updated(channel="sms")
    first = "VIP customers in Lyon we can reach by email"
    assert _flagged(catalog, first, "only those in Paris", switched, "en") == ["channel"]
    assert _flagged(catalog, first, "send it by SMS instead", switched, "en") == []


def test_an_undo_is_checked_against_the_tree_before_the_edit(catalog: Catalog) -> None:
    first, second = propose("VIP customers in Lyon", catalog), propose("VIP customers", catalog)
    history = Conversation(
        turns=(
            Turn(role="user", text="VIP customers"),
            Turn(role="assistant", text="…", rules=second.rules),
            Turn(role="user", text="only in Lyon"),
            Turn(role="assistant", text="…", rules=first.rules),
        )
    )
    proposal = Proposal(rules=second.rules, explanation="…", changes=("…",))
    checked = check_proposal(proposal, catalog, request="undo that", history=history)
    assert "edit_unnamed_change" not in {issue.code for issue in checked.issues}


@pytest.mark.parametrize(
    ("first", "follow_up", "lang"),
    [
        ("VIP customers in Lyon", "VIP customers in Paris", "en"),
        ("clients VIP à Lyon", "clients VIP à Paris", "fr"),
        ("VIP-Kunden in Lyon", "VIP-Kunden in Paris", "de"),
    ],
)
def test_a_new_audience_says_what_it_does_not_keep(
    first: str, follow_up: str, lang: str, catalog: Catalog
) -> None:
    """Read as a new audience, even a rule the follow-up names again with another value is said
    not kept: narrowing or replacing was a guess."""
    tree = propose(first, catalog).rules
    result = propose(follow_up, catalog).rules
    assert _flagged(catalog, first, follow_up, result, lang, changes=()) == ["root.rules[1]"]
    assert _flagged(catalog, first, follow_up, tree, lang, changes=()) == []


@pytest.mark.parametrize(
    ("first", "follow_up", "lang"),
    [
        ("customers at high churn risk", "add medium too", "en"),
        ("clients à risque de churn élevé", "ajoute aussi moyen", "fr"),
        ("Kunden mit hohem Abwanderungsrisiko", "nimm auch mittel dazu", "de"),
    ],
)
def test_a_widening_follow_up_that_leaves_people_out_is_flagged(
    first: str, follow_up: str, lang: str, catalog: Catalog
) -> None:
    tree = propose(first, catalog).rules
    (risk,) = tree.root.rules
    replaced = tree.replace_rule(0, risk.updated(value="medium"))
    widened = tree.replace_rule(0, risk.updated(op=Op.IN, value=["high", "medium"]))
    assert _flagged(catalog, first, follow_up, replaced, lang) == ["root.rules[0]"]
    assert _flagged(catalog, first, follow_up, widened, lang) == []
