"""Patterns 6–10 of issue 12, each pinned by tests written from the pattern (our phrasings):

6. no cross-language collisions; 7. corrections and follow-ups that could change two things;
8. context settles a word that names several fields; 9. periods, looking back and ahead;
10. plumbing: exact coverage spans, options as trees, empty and contradictory results flagged.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Conversation, Proposal, Turn, plan
from audience.rules import (
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Op,
    TimeUnit,
    Window,
    WindowKind,
)
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, converse, propose

# -- 6. cross-language collisions ----------------------------------------------------------------


def test_french_dont_is_whose_never_a_negation(catalog: Catalog) -> None:
    result = propose("clients dont la ville est Nice", catalog)
    assert result.rules.root.rules == (Attribute(field="customers.city", op=Op.EQ, value="Nice"),)
    assert result.language == "fr"


def test_french_or_is_gold_and_english_or_joins(catalog: Catalog) -> None:
    (tier, _city) = propose("clients or à Lyon", catalog).rules.root.rules
    assert isinstance(tier, Attribute) and tier.value == "gold"
    (both, _) = propose("silver or VIP customers in Lyon", catalog).rules.root.rules
    assert isinstance(both, Attribute) and both.op is Op.IN and set(both.value) == {"silver", "vip"}  # type: ignore[arg-type]


def test_english_contractions_still_negate(catalog: Catalog) -> None:
    (rule,) = propose("customers who dont have the app", catalog).rules.root.rules
    assert rule == Attribute(field="app_devices.installed_at", op=Op.IS_SET, negate=True)


def test_french_ne_que_restricts_to_exactly_never_negates(catalog: Catalog) -> None:
    (twice,) = behaviors(propose("clients qui n'ont commandé que deux fois en 2025", catalog).rules)
    assert (twice.event, twice.negate, twice.aggregate.op, twice.aggregate.value) == (
        "orders",
        False,
        Op.EQ,
        2,
    )
    (once,) = behaviors(propose("clientes qui n'ont acheté qu'une seule fois", catalog).rules)
    assert (once.negate, once.aggregate.op, once.aggregate.value) == (False, Op.EQ, 1)


def test_french_ne_pas_still_negates(catalog: Catalog) -> None:
    (rule,) = behaviors(propose("clients qui n'ont pas acheté de sacs cette année", catalog).rules)
    assert rule.negate


# -- 7. corrections and follow-ups that could change two things ---------------------------------


def test_a_window_edit_with_two_windows_asks_which(cinema: Catalog) -> None:
    result = converse(
        cinema,
        "members who visited in the last month and booked in the last week",
        "make it 3 weeks",
    )
    assert isinstance(result, Clarification) and len(result.options) == 2
    changed = []
    for option in result.options:
        assert option.rules is not None
        windows = [(b.event, b.window.amount) for b in behaviors(option.rules) if b.window]
        changed.append({event for event, amount in windows if amount == 3})
    assert changed == [{"visits"}, {"bookings"}]


def test_a_window_edit_with_one_window_applies(catalog: Catalog) -> None:
    result = converse(
        catalog, "customers who bought shoes in the last 2 months", "make it 5 months"
    )
    assert isinstance(result, Proposal)
    (bought,) = behaviors(result.rules)
    assert bought.window is not None and bought.window.amount == 5


def test_a_correction_restates_and_never_negates(catalog: Catalog) -> None:
    result = converse(
        catalog,
        "people who visited the site in the last 3 days and bought bags in the last 6 months",
        "no, I meant the visit should be in the last 2 weeks",
    )
    assert isinstance(result, Proposal)
    assert not any(b.negate for b in behaviors(result.rules))
    visit = next(b for b in behaviors(result.rules) if b.event == "web_sessions")
    assert visit.window is not None and (visit.window.amount, visit.window.unit.value) == (
        2,
        "week",
    )


@pytest.mark.parametrize(
    ("first", "correction"),
    [("gold customers in Lille", "no, Nice"), ("clientes gold à Lille", "non, Nice")],
)
def test_an_opening_no_replaces_the_value_it_corrects(
    first: str, correction: str, catalog: Catalog
) -> None:
    result = converse(catalog, first, correction)
    assert isinstance(result, Proposal)
    assert Attribute(field="customers.city", op=Op.EQ, value="Nice") in result.rules.root.rules
    assert not any(getattr(rule, "negate", False) for rule in result.rules.root.rules)


def test_a_follow_up_with_words_of_both_languages_keeps_the_conversations(
    catalog: Catalog,
) -> None:
    result = converse(catalog, "clientes gold à Lille", "non, Nice")
    assert isinstance(result, Proposal) and result.language == "fr"


def test_only_with_a_value_of_the_behaviour_narrows_that_behaviour(catalog: Catalog) -> None:
    result = converse(catalog, "people who ordered bags in the last 2 months", "only via the web")
    assert isinstance(result, Proposal)
    (ordered,) = result.rules.root.rules
    assert isinstance(ordered, Behavior) and ordered.window is not None
    assert {(c.field, c.value) for c in ordered.filters} == {
        ("category", "bags"),
        ("channel", "web"),
    }


def test_only_with_a_profile_value_stays_a_profile_rule(catalog: Catalog) -> None:
    result = converse(catalog, "people who ordered bags in the last 2 months", "only in Lyon")
    assert isinstance(result, Proposal)
    assert Attribute(field="customers.city", op=Op.EQ, value="Lyon") in result.rules.root.rules


# -- 8. context settles a word that names several fields -----------------------------------------


def test_a_town_is_the_home_town_unless_a_visit_qualifies_it(cinema: Catalog) -> None:
    home, visit = propose(
        "members from Hull who went to the cinema in York", cinema
    ).rules.root.rules
    assert isinstance(home, Attribute) and (home.field, home.value) == (
        "moviegoers.home_town",
        "Hull",
    )
    assert isinstance(visit, Behavior)
    assert [(c.field, c.value) for c in visit.filters] == [("cinema_town", "York")]


def test_a_specific_word_chooses_the_measure(cinema: Catalog) -> None:
    (visit,) = behaviors(propose("members who spent over 20 on popcorn", cinema).rules)
    assert visit.aggregate.measure == "snack_spend"


def test_a_spend_that_names_no_measure_asks(cinema: Catalog) -> None:
    result = PLANNER.plan("members who spent over 20", None, cinema)
    assert isinstance(result, Clarification)
    measures = {b.aggregate.measure for o in result.options if o.rules for b in behaviors(o.rules)}
    assert measures == {"ticket_spend", "snack_spend"}


def test_a_value_of_two_profile_fields_asks(catalog: Catalog) -> None:
    result = PLANNER.plan("customers from Luxembourg", None, catalog)
    assert isinstance(result, Clarification)
    fields = {r.field for o in result.options if o.rules for r in o.rules.root.rules}  # type: ignore[union-attr]
    assert fields == {"customers.city", "customers.country"}


def test_a_city_before_the_word_stores_is_the_store_city(catalog: Catalog) -> None:
    (bought,) = propose("people who purchased at our Lyon stores in 2025", catalog).rules.root.rules
    assert isinstance(bought, Behavior)
    assert {(c.field, c.value) for c in bought.filters} == {
        ("channel", "store"),
        ("store_city", "Lyon"),
    }


def test_a_city_said_of_the_people_stays_their_city(catalog: Catalog) -> None:
    result = propose("people in Lyon who purchased in store in 2025", catalog)
    city, bought = result.rules.root.rules
    assert city == Attribute(field="customers.city", op=Op.EQ, value="Lyon")
    assert isinstance(bought, Behavior) and bought.event == "orders"


def test_a_word_of_an_event_and_its_lines_means_the_event(grocery: Catalog) -> None:
    (visit,) = behaviors(propose("card holders who shopped twice in April", grocery).rules)
    assert (visit.event, visit.aggregate.value) == ("baskets", 2)


def test_a_line_attribute_in_the_sentence_picks_the_lines(grocery: Catalog) -> None:
    (line,) = behaviors(propose("card holders who bought frozen food in April", grocery).rules)
    assert line.event == "basket_lines"


def test_a_label_said_in_the_singular_is_still_the_label(grocery: Catalog) -> None:
    (fill,) = behaviors(propose("card holders with one fuel purchase in April", grocery).rules)
    assert fill.event == "fuel_fills"


def test_an_indicator_the_catalog_names_beats_a_computed_average(grocery: Catalog) -> None:
    (rule,) = propose("card holders whose average basket is above 45 €", grocery).rules.root.rules
    assert isinstance(rule, IndicatorRule) and rule.indicator == "average_basket"
    assert (rule.op, rule.value) == (Op.GT, 45)


def test_either_value_before_a_final_verb_is_one_behaviour(grocery: Catalog) -> None:
    result = propose("Kunden, die im April Fisch oder Fleisch gekauft haben", grocery)
    (line,) = result.rules.root.rules
    assert isinstance(line, Behavior) and line.window is not None
    (department,) = line.filters
    assert department.op is Op.IN and set(department.value) == {"fish", "meat"}  # type: ignore[arg-type]


def test_a_window_said_before_two_alternatives_dates_both(grocery: Catalog) -> None:
    """The window said first dates both alternatives ('drive', booked and done, is read as the
    baskets paid: the clause does not look ahead)."""
    result = propose("over the last 2 weeks, shoppers who bought fish or used the drive", grocery)
    (either,) = result.rules.root.rules
    assert isinstance(either, Group) and either.op == "or"
    fish, drive = behaviors(result.rules)
    assert (fish.event, drive.event) == ("basket_lines", "baskets")
    assert fish.window == drive.window and fish.window is not None
    assert (fish.window.amount, fish.window.unit.value) == (2, "week")


# -- 9. periods ------------------------------------------------------------------------------------


def _between(start: str, end: str) -> Window:
    return Window(
        type=WindowKind.BETWEEN, start=date.fromisoformat(start), end=date.fromisoformat(end)
    )


@pytest.mark.parametrize(
    ("request_text", "window"),
    [
        ("members who visited last spring", _between("2026-03-01", "2026-05-31")),
        ("members who visited in May or June", _between("2026-05-01", "2026-06-30")),
        ("members who visited in H2 2025", _between("2025-07-01", "2025-12-31")),
        ("members who visited in the first quarter", _between("2026-01-01", "2026-03-31")),
        ("members who visited between 2 and 4 months ago", _between("2026-02-15", "2026-04-14")),
        ("members who visited since 5 May", Window(type=WindowKind.SINCE, start=date(2026, 5, 5))),
        ("members who visited this week", Window(type=WindowKind.SINCE, start=date(2026, 6, 15))),
        (
            "members with a booking in the next 10 days",
            Window(type=WindowKind.NEXT, amount=10, unit="day"),
        ),
        ("members with screenings booked for next month", _between("2026-07-01", "2026-07-31")),
    ],
)
def test_periods(request_text: str, window: Window, cinema: Catalog) -> None:
    (behavior,) = behaviors(propose(request_text, cinema).rules)
    assert behavior.window == window


def test_months_that_do_not_touch_become_alternatives(cinema: Catalog) -> None:
    (group,) = propose("members who visited in January or in April", cinema).rules.root.rules
    assert isinstance(group, Group) and group.op == "or" and len(group.rules) == 2


def test_a_window_ahead_on_past_events_is_never_silently_turned_back(catalog: Catalog) -> None:
    result = PLANNER.plan("customers with orders in the next 30 days", None, catalog)
    assert not isinstance(result, Proposal)


@pytest.mark.parametrize(
    ("request_text", "first", "last"),
    [
        ("people who ordered last year", date(2025, 1, 1), date(2025, 12, 31)),
        ("clients qui ont commandé le mois dernier", date(2026, 9, 1), date(2026, 9, 30)),
        ("Kunden, die letzte Woche bestellt haben", date(2026, 9, 21), date(2026, 9, 27)),
        (
            "people who placed an order during the previous quarter",
            date(2026, 7, 1),
            date(2026, 9, 30),
        ),
        ("clients qui ont commandé l'année passée", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_bare_last_period_is_the_previous_calendar_one_and_says_so(
    request_text: str, first: date, last: date, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (ordered,) = behaviors(result.rules)
    assert ordered.window == Window(type=WindowKind.BETWEEN, start=first, end=last)
    assert len(result.assumptions) == 1
    assert first.isoformat() in result.assumptions[0] and last.isoformat() in result.assumptions[0]


@pytest.mark.parametrize(
    ("request_text", "amount", "unit"),
    [
        ("people who ordered in the last year", 1, TimeUnit.YEAR),
        ("people who ordered over the past week", 1, TimeUnit.WEEK),
        ("people who ordered in the last 3 months", 3, TimeUnit.MONTH),
        ("clients qui ont commandé ces 30 derniers jours", 30, TimeUnit.DAY),
        ("Kunden, die im letzten Jahr bestellt haben", 1, TimeUnit.YEAR),
        ("Kunden, die in den letzten 12 Monaten bestellt haben", 12, TimeUnit.MONTH),
    ],
)
def test_a_counted_or_in_the_last_period_is_rolling(
    request_text: str, amount: int, unit: TimeUnit, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (ordered,) = behaviors(result.rules)
    assert ordered.window == Window(type=WindowKind.LAST, amount=amount, unit=unit)
    assert not result.assumptions


def test_a_calendar_week_runs_monday_to_sunday_before_the_current_one(cinema: Catalog) -> None:
    # cinema's as_of is Monday 2026-06-15: last week is the whole week before, not 7 rolling days
    (visited,) = behaviors(propose("members who visited last week", cinema).rules)
    assert visited.window == Window(
        type=WindowKind.BETWEEN, start=date(2026, 6, 8), end=date(2026, 6, 14)
    )


# -- 10. plumbing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who haven't ordered since January and aren't VIP",
        "clients qui n'ont pas commandé depuis l'été dernier",
        "the customer's orders didn't include bags, wouldn't they",
        "VIPs who've visited the site, w/o the app",
    ],
)
def test_coverage_phrases_are_exact_substrings(request_text: str, catalog: Catalog) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Proposal)
    assert all(item.phrase in request_text for item in result.coverage)


def test_unknown_words_are_reported_before_the_count(catalog: Catalog) -> None:
    result = plan("VIP customers who adore hiking", None, catalog)
    assert isinstance(result, Proposal)
    assert "coverage_dropped_phrase" in {issue.code for issue in result.warnings}
    assert "adore hiking" in result.dropped_phrases


def test_options_are_trees_never_pasted_text(catalog: Catalog) -> None:
    result = PLANNER.plan("engaged customers in Nantes", None, catalog)
    assert isinstance(result, Clarification) and result.options
    assert all(option.rules is not None and option.request is None for option in result.options)


def test_an_empty_audience_is_flagged(catalog: Catalog) -> None:
    result = plan("VIPs in Lyon", None, catalog, counter=lambda tree: 0)
    assert isinstance(result, Proposal) and "empty_audience" in {i.code for i in result.warnings}


def test_a_contradictory_refinement_is_flagged(catalog: Catalog) -> None:
    first = plan("customers who ordered at least twice", None, catalog)
    assert isinstance(first, Proposal)
    conversation = Conversation(
        turns=(Turn(role="user", text="…"), Turn(role="assistant", text="…", rules=first.rules))
    )
    result = plan("and who never ordered", conversation, catalog)
    assert isinstance(result, Proposal)
    assert "contradictory_rules" in {issue.code for issue in result.warnings}
