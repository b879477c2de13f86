"""The planner knows what it did not read: structures a proposal flattened ('or' between
conditions), phrases read weakly or split, earlier turns' words a refinement lost, and words with
a meaning of their own left unused — each a warning before the count, for every planner.

Scripted proposals stand for any planner's answer (a model's included); the offline planner is
used where its own reading is the point. A proposal that read every word gets none of these.
"""

from __future__ import annotations

import pytest

from assistant import Conversation, CoverageItem, Proposal, Turn, plan
from assistant.language import load_pack
from audience.rules import Attribute, Behavior, Condition, Group, Op, RuleTree, Window
from schema_catalog import Catalog
from tests.assistant.test_planning import ScriptedPlanner

VIP = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")
SHOES = Behavior(event="orders", filters=[Condition(field="category", op=Op.EQ, value="shoes")])
CITIES = Attribute(field="customers.city", op=Op.IN, value=["Paris", "Lyon"])
PARIS = Attribute(field="customers.city", op=Op.EQ, value="Paris")
LYON = Attribute(field="customers.city", op=Op.EQ, value="Lyon")
READING_CODES = {"or_read_as_and", "or_values_merged", "compound_split", "weak_reading"}


def _proposal(
    rules: list[object], coverage: list[tuple[str, str]], language: str = "en", **extra: object
) -> Proposal:
    return Proposal(
        rules=RuleTree(root=Group(rules=rules)),  # type: ignore[arg-type]
        explanation="…",
        coverage=tuple(CoverageItem(phrase=p, rule_path=path) for p, path in coverage),
        language=language,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def _codes(
    request: str,
    catalog: Catalog,
    proposal: Proposal | None = None,
    conversation: Conversation | None = None,
) -> list[tuple[str, str]]:
    planner = ScriptedPlanner(proposal) if proposal is not None else None
    result = plan(request, conversation, catalog, planner=planner)
    assert isinstance(result, Proposal)
    return [(issue.code, issue.path) for issue in result.warnings]


@pytest.mark.parametrize(
    ("language", "request_text", "vip", "bought", "shoes"),
    [
        ("en", "VIP customers or customers who bought shoes", "VIP", "bought", "shoes"),
        ("fr", "clients VIP ou clients ayant acheté des chaussures", "VIP", "acheté", "chaussures"),
        ("de", "VIP-Kunden oder Kunden, die Schuhe gekauft haben", "VIP", "gekauft", "Schuhe"),
    ],
)
def test_an_or_between_two_conditions_read_as_and_is_flagged(
    catalog: Catalog, language: str, request_text: str, vip: str, bought: str, shoes: str
) -> None:
    coverage = [(vip, "root.rules[0]"), (bought, "root.rules[1]"), (shoes, "root.rules[1]")]
    both = _proposal([VIP, SHOES], coverage, language)
    assert "or_read_as_and" in {code for code, _ in _codes(request_text, catalog, both)}
    joined = [(phrase, "root.rules[0]") for phrase, _ in coverage]
    either = _proposal([Group(op="or", rules=[VIP, SHOES])], joined)
    assert not READING_CODES & {code for code, _ in _codes(request_text, catalog, either)}


def test_an_or_after_a_new_group_of_people_merged_into_value_lists_is_flagged(
    catalog: Catalog,
) -> None:
    request = "VIP customers in Paris, or customers in Lyon who bought shoes"
    coverage = [
        ("VIP", "root.rules[0]"),
        ("Paris", "root.rules[1]"),
        ("Lyon", "root.rules[1]"),
        ("bought shoes", "root.rules[2]"),
    ]
    merged = _proposal([VIP, CITIES, SHOES], coverage)
    codes = _codes(request, catalog, merged)
    where = f"request[{request.index('Paris')}:{request.index(' who')}]"
    assert ("or_values_merged", where) in codes


def test_an_or_between_two_values_of_one_condition_is_a_value_list(catalog: Catalog) -> None:
    request = "VIP customers in Paris or Lyon who bought shoes"
    coverage = [
        ("VIP", "root.rules[0]"),
        ("Paris", "root.rules[1]"),
        ("Lyon", "root.rules[1]"),
        ("bought shoes", "root.rules[2]"),
    ]
    listed = _proposal([VIP, CITIES, SHOES], coverage)
    assert not READING_CODES & {code for code, _ in _codes(request, catalog, listed)}


def test_two_table_nouns_side_by_side_read_as_two_tables_are_flagged(catalog: Catalog) -> None:
    request = "VIP customers whose app session was in the last week"
    assert "compound_split" in {code for code, _ in _codes(request, catalog)}


def test_a_value_before_an_event_noun_is_no_split_compound(catalog: Catalog) -> None:
    assert not READING_CODES & {code for code, _ in _codes("VIP shoe buyers in Paris", catalog)}


def test_a_presence_test_from_a_word_that_is_also_a_value_is_flagged(catalog: Catalog) -> None:
    """A model's proposal is flagged (the offline planner asks instead: ``offline.rivals``)."""
    request = "mobile shoppers in Paris"
    proposal = _proposal(
        [Attribute(field="customers.phone", op=Op.IS_SET), PARIS],
        [("mobile", "root.rules[0]"), ("Paris", "root.rules[1]")],
    )
    assert ("weak_reading", "request[0:6]") in _codes(request, catalog, proposal)


def test_a_presence_test_from_a_plain_column_word_is_not_flagged(catalog: Catalog) -> None:
    for request in (
        "customers with a phone number",
        "customers with an email address who visited the site last week",
    ):
        assert not READING_CODES & {code for code, _ in _codes(request, catalog)}


def test_a_presence_test_that_names_a_value_of_its_clause_event_is_flagged(
    catalog: Catalog,
) -> None:
    request = "customers who visited the site from their email address"
    presence = Attribute(field="customers.email", op=Op.IS_SET)
    proposal = _proposal(
        [Behavior(event="web_sessions"), presence],
        [("visited the site", "root.rules[0]"), ("email address", "root.rules[1]")],
    )
    assert "weak_reading" in {code for code, _ in _codes(request, catalog, proposal)}


def _conversation(*turns: tuple[str, RuleTree]) -> Conversation:
    history = Conversation()
    for text, rules in turns:
        history = history.add(Turn(role="user", text=text))
        history = history.add(Turn(role="assistant", text="…", rules=rules))
    return history


FIRST = "VIP customers in Lyon who bought shoes"
FIRST_TREE = RuleTree(root=Group(rules=[VIP, LYON, SHOES]))


def test_a_refinement_that_loses_an_earlier_condition_is_flagged(catalog: Catalog) -> None:
    refined = _proposal(
        [VIP, PARIS], [("Paris", "root.rules[1]")], changes=("Changed: Lyon → Paris",)
    )
    codes = _codes("make it Paris", catalog, refined, _conversation((FIRST, FIRST_TREE)))
    assert ("coverage_earlier_dropped", "conversation[0]") in codes


def test_a_refinement_that_keeps_every_earlier_condition_is_not_flagged(
    catalog: Catalog,
) -> None:
    refined = _proposal(
        [VIP, PARIS, SHOES], [("Paris", "root.rules[1]")], changes=("Changed: Lyon → Paris",)
    )
    codes = _codes("make it Paris", catalog, refined, _conversation((FIRST, FIRST_TREE)))
    assert "coverage_earlier_dropped" not in {code for code, _ in codes}


def test_a_removal_the_follow_up_asks_for_is_not_flagged(catalog: Catalog) -> None:
    history = _conversation((FIRST, FIRST_TREE))
    assert "coverage_earlier_dropped" not in {
        code for code, _ in _codes("remove the shoes condition", catalog, None, history)
    }


def test_earlier_unread_words_are_still_reported_after_a_refinement(catalog: Catalog) -> None:
    first = plan("VIP customers who love hiking", None, catalog)
    assert isinstance(first, Proposal)
    history = _conversation(("VIP customers who love hiking", first.rules))
    assert ("coverage_earlier_dropped", "conversation[0]") in _codes(
        "only those in Paris", catalog, None, history
    )


def test_a_correction_naming_the_field_replaces_it_without_a_flag(catalog: Catalog) -> None:
    first = plan("VIP customers in Lyon", None, catalog)
    assert isinstance(first, Proposal)
    history = _conversation(("VIP customers in Lyon", first.rules))
    assert _codes("sorry, I meant Paris", catalog, None, history) == []


@pytest.mark.parametrize(
    ("request_text", "phrase"),
    [
        ("VIP customers with the most orders", "most"),
        ("les clients VIP qui ont le plus commandé", "le plus"),
        ("VIP customers who speak Klingon", "speak Klingon"),
        ("VIP-Kunden aus Paris, die am meisten bestellt haben", "meisten"),
    ],
)
def test_a_word_with_a_meaning_of_its_own_left_unused_is_reported(
    catalog: Catalog, request_text: str, phrase: str
) -> None:
    result = plan(request_text, None, catalog)
    assert isinstance(result, Proposal)
    assert phrase in result.dropped_phrases


def test_a_request_read_in_full_gets_no_notice(catalog: Catalog) -> None:
    for request in (
        "VIP customers in Paris who bought shoes in the last 6 months",
        "clients VIP à Lyon ou à Paris",
        "Kunden in Paris oder Lyon, die Schuhe gekauft haben",
    ):
        result = plan(request, None, catalog)
        assert isinstance(result, Proposal)
        assert result.notices == (), request


def test_coverage_notices_are_in_the_request_language(catalog: Catalog) -> None:
    result = plan("clients VIP qui adorent la randonnée", None, catalog)
    assert isinstance(result, Proposal) and result.language == "fr"
    dropped = [issue for issue in result.warnings if issue.code == "coverage_dropped_phrase"]
    expected = load_pack("fr").say("flag_dropped_phrase", phrase=result.dropped_phrases[0])
    assert dropped and dropped[0].message == expected


BAGS_WINDOW = Behavior(
    event="orders",
    filters=[Condition(field="category", op=Op.EQ, value="bags")],
    window=Window(type="last", amount=3, unit="month"),
)


def test_a_word_naming_two_events_read_as_one_is_stated(catalog: Catalog) -> None:
    request = "bag customers from the last 3 months"
    proposal = _proposal(
        [BAGS_WINDOW], [("bag", "root.rules[0]"), ("from the last 3 months", "root.rules[0]")]
    )
    assert ("event_guessed", "request[0:3]") in _codes(request, catalog, proposal)


def test_an_event_another_word_names_is_not_stated(catalog: Catalog) -> None:
    request = "customers who bought bags in the last 3 months"
    proposal = _proposal([BAGS_WINDOW], [("bought bags in the last 3 months", "root.rules[0]")])
    assert "event_guessed" not in {code for code, _ in _codes(request, catalog, proposal)}
    assert "event_guessed" not in {
        code for code, _ in _codes("customers who bought shoes but never bags", catalog)
    }
