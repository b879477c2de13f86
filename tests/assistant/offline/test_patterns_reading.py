"""Patterns 1–5 of issue 12, each pinned by tests written from the pattern (our phrasings, on the
demo catalog and on a small cinema catalog unlike it):

1. numbers attach to what they measure; 2. off-topic requests are refused by what they ask;
3. clause scope (negation and time anchors, modifiers in their clause); 4. vague words are
assumed out loud or asked; 5. word order (adjectives after the noun, 'still active', French).
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant import Clarification, Proposal, Refusal
from audience.rules import Attribute, Behavior, IndicatorRule, Node, Op, Window, WindowKind
from schema_catalog import Catalog
from tests.support.planning import PLANNER, behaviors, converse, propose


def numbers_in(node: Node) -> set[object]:
    dumped = node.model_dump(mode="json")
    found: set[object] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found.add(value)

    collect(dumped)
    return found


# -- 1. numbers attach to what they measure --------------------------------------------------


def test_a_time_distance_is_a_window_not_a_count(catalog: Catalog) -> None:
    result = propose("customers whose most recent purchase was 4 to 8 months ago", catalog)
    found = behaviors(result.rules)
    assert {b.aggregate.value for b in found} == {1}
    bounded = [b for b in found if b.window and b.window.type is WindowKind.BETWEEN]
    recent = [b for b in found if b.window and b.window.type is WindowKind.LAST]
    assert len(bounded) == 1 and not bounded[0].negate
    assert len(recent) == 1 and recent[0].negate and recent[0].window.amount == 4  # type: ignore[union-attr]


def test_an_audience_size_is_the_expected_size_not_a_rule(catalog: Catalog) -> None:
    result = propose("gold women in Nice, around 3,000 people for the launch party", catalog)
    assert result.expected_size == 3000
    assert all(3000 not in numbers_in(rule) for rule in result.rules.root.rules)
    assert ("expected_size") in {item.rule_path for item in result.coverage}


def test_a_number_after_a_numeric_column_is_its_threshold(cinema: Catalog) -> None:
    result = propose("members with a household size above 5", cinema)
    assert result.rules.root.rules == (
        Attribute(field="moviegoers.household_size", op=Op.GT, value=5),
    )


def test_a_count_of_events_stays_a_count(cinema: Catalog) -> None:
    (visit,) = behaviors(propose("members who visited at least 4 times", cinema).rules)
    assert (visit.aggregate.op, visit.aggregate.value) == (Op.GTE, 4)


# -- 2. refused by what is asked ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "asks_for"),
    [
        ("compose a welcome message for our platinum members", "text"),
        ("brainstorm three subject lines for the members in York", "text"),
        ("what's the conversion rate of members in Leeds?", "metric"),
        ("which town sells the most snacks?", "question"),
        ("how many screenings were booked in May?", "question"),
    ],
)
def test_off_topic_requests_with_catalog_words_are_refused(
    request_text: str, asks_for: str, cinema: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, cinema)
    assert isinstance(result, Refusal), result
    assert (result.category, result.asks_for) == ("out_of_scope", asks_for)


@pytest.mark.parametrize(
    "request_text",
    ["how many platinum members live in Hull?", "give me the members who booked a comedy"],
)
def test_a_question_about_a_set_of_people_is_an_audience(
    request_text: str, cinema: Catalog
) -> None:
    propose(request_text, cinema)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who opted out of email: I'd like to contact them with the launch regardless",
        "clients désabonnés des SMS ; on veut les relancer pour les soldes",
        "Kunden mit Widerspruch gegen E-Mails, wir wollen sie zum Sale anschreiben",
    ],
)
def test_contacting_people_who_said_no_is_refused_as_unsafe(
    request_text: str, catalog: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, catalog)
    assert isinstance(result, Refusal) and result.category == "unsafe", result


def test_people_who_said_no_are_still_an_audience_to_look_at(catalog: Catalog) -> None:
    (rule,) = behaviors(propose("customers who unsubscribed in March", catalog).rules)
    assert (rule.event, rule.negate) == ("email_events", False)


# -- 3. clause scope ---------------------------------------------------------------------------


def test_since_lends_the_first_clause_window_to_the_negated_one(cinema: Catalog) -> None:
    result = propose("members who visited in the last 6 weeks but haven't booked since", cinema)
    visit, booking = behaviors(result.rules)
    assert booking.event == "bookings" and booking.negate
    assert booking.window == visit.window
    assert (booking.window.amount, booking.window.unit.value) == (6, "week")  # type: ignore[union-attr]


def test_any_lends_the_product_and_modifiers_stay_in_their_clause(catalog: Catalog) -> None:
    result = propose(
        "customers who browsed shoes online in the last week but didn't buy any", catalog
    )
    viewed, bought = behaviors(result.rules)
    assert viewed.event == "page_views" and not viewed.negate
    assert bought.event == "orders" and bought.negate
    assert [(c.field, c.value) for c in bought.filters] == [("category", "shoes")]
    assert bought.window == viewed.window


def test_since_a_closed_period_starts_the_day_after_it(catalog: Catalog) -> None:
    result = propose("people who bought a watch in March 2026 and have not ordered since", catalog)
    bought, since = behaviors(result.rules)
    assert not bought.negate and since.negate
    assert since.window == Window(type=WindowKind.SINCE, start=date(2026, 4, 1))


def test_anything_is_any_object_not_the_earlier_one(catalog: Catalog) -> None:
    result = propose("people who browsed shoes in May but did not buy anything since", catalog)
    _viewed, bought = behaviors(result.rules)
    assert bought.negate and bought.filters == ()


def test_a_follow_up_since_points_at_the_earlier_window(catalog: Catalog) -> None:
    result = converse(
        catalog, "customers who ordered bags in February 2026", "keep those who did not order since"
    )
    assert isinstance(result, Proposal)
    windows = {(b.negate, b.window) for b in behaviors(result.rules)}
    assert (True, Window(type=WindowKind.SINCE, start=date(2026, 3, 1))) in windows


def test_a_borrowed_window_without_since_is_stated(catalog: Catalog) -> None:
    result = propose("people who clicked an email in the last 10 days but didn't order", catalog)
    assert behaviors(result.rules)[1].window is not None
    assert result.assumptions


def test_never_borrows_nothing(catalog: Catalog) -> None:
    result = propose("people who clicked an email last month but never ordered", catalog)
    ordered = [b for b in behaviors(result.rules) if b.event == "orders"]
    assert len(ordered) == 1 and ordered[0].negate and ordered[0].window is None


def test_a_year_goes_on_the_condition_it_follows(cinema: Catalog) -> None:
    result = propose("members who joined the club in 2024 and booked a comedy", cinema)
    joined = [r for r in result.rules.root.rules if isinstance(r, Attribute)]
    assert joined and joined[0].field == "moviegoers.joined_on" and joined[0].op is Op.BETWEEN
    assert all(b.window is None for b in behaviors(result.rules))


# -- 4. vague words: assumed out loud, or asked ------------------------------------------------


def test_a_vague_word_on_a_behaviour_is_assumed_and_said(cinema: Catalog) -> None:
    result = propose("recent visitors in Bath", cinema)
    (visit,) = behaviors(result.rules)
    assert visit.window is not None and visit.window.type is WindowKind.LAST
    assert result.assumptions and result.flagged
    assert "recent" in {item.phrase for item in result.coverage if item.rule_path}


@pytest.mark.parametrize("request_text", ["recent members", "loyal members in York"])
def test_a_vague_word_with_nothing_to_qualify_asks_with_trees(
    request_text: str, cinema: Catalog
) -> None:
    result = PLANNER.plan(request_text, None, cinema)
    assert isinstance(result, Clarification) and result.options
    assert all(option.rules is not None and option.request is None for option in result.options)


# -- 5. word order -----------------------------------------------------------------------------


def test_still_active_after_a_noun_that_does_not_settle_it_asks_in_context(
    catalog: Catalog,
) -> None:
    result = PLANNER.plan("people in Bordeaux who are still active", None, catalog)
    assert isinstance(result, Clarification) and len(result.options) >= 2
    for option in result.options:
        assert option.rules is not None
        cities = [r for r in option.rules.root.rules if isinstance(r, Attribute)]
        assert [(r.field, r.value) for r in cities] == [("customers.city", "Bordeaux")]


def test_an_activity_window_is_kept_in_every_option(cinema: Catalog) -> None:
    result = PLANNER.plan("members active in the last 2 weeks", None, cinema)
    assert isinstance(result, Clarification) and result.options
    windows = [b.window for o in result.options if o.rules for b in behaviors(o.rules)]
    assert windows and all(
        w is not None and (w.amount, w.unit.value) == (2, "week") for w in windows
    )


def test_french_inactive_for_over_a_while_asks_negated_readings_with_the_window(
    catalog: Catalog,
) -> None:
    result = PLANNER.plan("clients inactifs depuis plus de 4 mois", None, catalog)
    assert isinstance(result, Clarification) and result.options and result.language == "fr"
    for option in result.options:
        assert option.rules is not None
        (rule,) = option.rules.root.rules
        assert isinstance(rule, Behavior) and rule.negate
        assert rule.window is not None and (rule.window.amount, rule.window.unit.value) == (
            4,
            "month",
        )


def test_an_adjective_after_the_indicator_still_qualifies_it(catalog: Catalog) -> None:
    (rule,) = propose("clients avec une appétence forte pour les sacs", catalog).rules.root.rules
    assert isinstance(rule, IndicatorRule) and (rule.key, rule.value) == ("bags", 0.7)


def test_a_size_before_profile_values_is_still_the_size(catalog: Catalog) -> None:
    result = propose("about 1,500 VIP customers in Nantes", catalog)
    assert result.expected_size == 1500
    assert len(result.rules.root.rules) == 2


# -- an event's own columns and words (several patterns at once) ------------------------------


def test_an_events_yes_no_column_is_a_filter(cinema: Catalog) -> None:
    (booking,) = behaviors(propose("members with a refundable booking", cinema).rules)
    assert [(c.field, c.op, c.value) for c in booking.filters] == [("refundable", Op.EQ, True)]


def test_a_time_after_an_events_date_column_dates_that_column(cinema: Catalog) -> None:
    result = propose("members with a booking whose reminder is due in the next 3 days", cinema)
    (booking,) = behaviors(result.rules)
    assert booking.window is None
    assert [(c.field, c.op.value, c.value) for c in booking.filters] == [
        ("reminder_on", "within_next", 3)
    ]


def test_a_word_naming_an_event_and_its_value_keeps_both(cinema: Catalog) -> None:
    (booking,) = behaviors(propose("members who upgraded in the last month", cinema).rules)
    assert [(c.field, c.value) for c in booking.filters] == [("seat_class", "upgrade")]
    assert booking.window is not None


def test_a_column_named_without_a_value_means_it_is_set(cinema: Catalog) -> None:
    (rule,) = propose("members without a club level", cinema).rules.root.rules
    assert rule == Attribute(field="moviegoers.club_level", op=Op.IS_SET, negate=True)
