"""Readings settled on weak evidence are stated or asked, never taken silently.

- a term read one way over a rival that no word of its own clause rules out states the reading
  and its rivals (``guesses``);
- a word of interest ('into', 'fans de', 'sich … interessieren') before a term that is both a
  profile value and a value of events the request does not name asks, every reading an option;
- 'less than N ago' read as the last N, whose first day is exactly N ago, says that day is in;
- a negated 'in over N' on a last-seen date leaves out people with no such date, and says so;
- a negated 'since <date>' on a behaviour keeps the people who never did it, and says so.
"""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal, plan
from assistant.explain import language_of
from assistant.language import pack_for
from assistant.offline.guesses import sense_label
from assistant.offline.lexicon import Sense, SenseKind
from audience.rules import Attribute, Behavior, Op, WindowKind, field_label
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, propose


def test_a_town_read_by_another_clauses_words_is_stated(grocery: Catalog) -> None:
    result = propose("families living in Arras or organic lovers at Lens", grocery)
    town = Attribute(field="cardholders.home_city", op=Op.EQ, value="Lens")
    assert any(town in node.rules for _, node in result.rules.walk() if hasattr(node, "rules"))
    chosen = Sense(SenseKind.VALUE, "cardholders", "home_city", "Lens")
    rival = Sense(SenseKind.VALUE, "cardholders", "home_store", "Lens")
    note = pack_for("en").say(
        "assume_event_choice",
        phrase="Lens",
        chosen=sense_label(chosen, grocery, "en"),
        other=sense_label(rival, grocery, "en"),
    )
    assert note in result.assumptions


def test_a_town_beside_its_people_is_read_without_a_notice(catalog: Catalog) -> None:
    assert propose("customers in Lyon who bought shoes", catalog).assumptions == ()


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who are into sports",
        "abonnés fans de sport",
        "Kunden, die sich für Sport interessieren",
    ],
)
def test_a_liking_for_a_profile_and_event_value_asks(request_text: str, telecom: Catalog) -> None:
    result = PLANNER.plan(request_text, None, telecom)
    assert isinstance(result, Clarification)
    trees = [option.rules for option in result.options]
    assert all(tree is not None for tree in trees) and len(trees) >= 2
    fields = {
        node.field for tree in trees for _, node in tree.walk() if isinstance(node, Attribute)
    }
    events = {b.event for tree in trees for b in behaviors(tree)}
    assert "accounts.tv_package" in fields and "viewing" in events


def test_a_liking_asks_on_the_demo_too(catalog: Catalog) -> None:
    result = PLANNER.plan("customers into shoes", None, catalog)
    assert isinstance(result, Clarification)
    assert len({option.rules.fingerprint() for option in result.options if option.rules}) >= 2


def test_a_plain_profile_value_needs_no_question(telecom: Catalog) -> None:
    result = propose("subscribers with the sports pack", telecom)
    assert Attribute(field="accounts.tv_package", op=Op.EQ, value="sports") in (
        result.rules.root.rules
    )


@pytest.mark.parametrize(
    ("request_text", "lang"),
    [
        ("customers who signed up less than 2 years ago", "en"),
        ("clients inscrits il y a moins de 2 ans", "fr"),
        ("Kunden, die sich vor weniger als 2 Jahren angemeldet haben", "de"),
    ],
)
def test_less_than_says_its_first_day_is_in(request_text: str, lang: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    rule = result.rules.root.rules[0]
    assert isinstance(rule, Attribute) and rule.op is Op.WITHIN_LAST
    pack = pack_for(lang)
    unit = pack.unit_name(rule.unit)  # type: ignore[arg-type]
    note = pack.say("assume_first_day", amount=2, unit=unit, day="2024-10-01")
    assert note in result.assumptions


def test_at_most_names_its_day_and_says_nothing_more(catalog: Catalog) -> None:
    result = propose("customers who signed up at most 2 years ago", catalog)
    assert result.assumptions == ()


@pytest.mark.parametrize(
    ("request_text", "lang", "phrase"),
    [
        ("customers who haven't opened the app in over 3 months", "en", "in over 3 months"),
        (
            "clients qui n'ont pas ouvert l'appli depuis plus de 3 mois",
            "fr",
            "depuis plus de 3 mois",
        ),
        (
            "Kunden, die die App seit über 3 Monaten nicht geöffnet haben",
            "de",
            "seit über 3 Monaten",
        ),
    ],
)
def test_a_last_seen_date_before_the_cut_off_says_who_is_left_out(
    request_text: str, lang: str, phrase: str, telecom: Catalog
) -> None:
    result = propose(request_text, telecom)
    (rule,) = [
        rule
        for rule in result.rules.root.rules
        if isinstance(rule, Attribute) and rule.field == "app_installs.last_seen_at"
    ]
    assert rule.op is Op.LT and not rule.negate
    shown = field_label(telecom, rule.field, language_of(lang))
    note = pack_for(lang).say("assume_gap_no_date", phrase=phrase, label=shown)
    assert note in result.assumptions


@pytest.mark.parametrize(
    ("request_text", "lang", "phrase"),
    [
        ("customers who have not visited the site since March", "en", "since March"),
        ("clients qui n'ont pas commandé depuis mars", "fr", "depuis mars"),
        ("Kunden, die seit März nicht bestellt haben", "de", "seit März"),
    ],
)
def test_none_since_a_date_says_never_doers_are_in(
    request_text: str, lang: str, phrase: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (lapsed,) = behaviors(result.rules)
    assert isinstance(lapsed, Behavior) and lapsed.negate
    assert lapsed.window is not None and lapsed.window.type is WindowKind.SINCE
    assert pack_for(lang).say("assume_gap_never", phrase=phrase) in result.assumptions


def test_none_in_the_last_months_says_nothing(catalog: Catalog) -> None:
    result = propose("customers who haven't bought in the last 6 months", catalog)
    assert isinstance(result, Proposal) and result.assumptions == ()


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who ordered for the last time more than 6 months ago",
        "clients qui ont commandé pour la dernière fois il y a plus de 6 mois",
        "Kunden, die zum letzten Mal vor mehr als 6 Monaten bestellt haben",
    ],
)
def test_last_after_its_verb_compares_the_latest_event(request_text: str, catalog: Catalog) -> None:
    done, lapsed = behaviors(propose(request_text, catalog).rules)
    assert (done.event, done.negate, done.window) == ("orders", False, None)
    assert lapsed.negate and lapsed.window is not None
    assert (lapsed.window.type, lapsed.window.amount) == (WindowKind.LAST, 6)


@pytest.mark.parametrize(
    "request_text",
    ["subscribers who started in the last month"],
)
def test_a_verb_naming_another_tables_date_states_the_event_taken(
    request_text: str, telecom: Catalog
) -> None:
    result = plan(request_text, None, telecom)
    assert isinstance(result, Proposal)
    assert "event_guessed" in {issue.code for issue in result.issues}


@pytest.mark.parametrize(
    "request_text",
    ["clients avec une résiliation le mois dernier", "accounts with a cancellation last month"],
)
def test_a_noun_of_two_tables_asks_which(request_text: str, telecom: Catalog) -> None:
    """'résiliation' is both a care contact's reason and a subscription's state: with nothing
    else to settle it, the planner asks, each option a preview of one reading."""
    result = plan(request_text, None, telecom)
    assert isinstance(result, Clarification)
    trees = [option.rules for option in result.options if option.rules is not None]
    events = {rule.event for tree in trees for _, rule in tree.walk() if isinstance(rule, Behavior)}
    assert {"care_contacts", "subscriptions"} <= events


def test_a_noun_of_another_table_is_no_date_of_it(grocery: Catalog) -> None:
    result = plan("shoppers who paid by card last week", None, grocery)
    assert "event_guessed" not in {issue.code for issue in result.issues}  # type: ignore[union-attr]


def test_a_counted_window_says_nothing_of_the_calendar(catalog: Catalog) -> None:
    assert propose("customers who ordered in the last 3 months", catalog).assumptions == ()
