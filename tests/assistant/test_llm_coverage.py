"""A model's coverage map goes through the offline reader's checks (scripted server, real HTTP).

The model answers with rules, a phrase → rule coverage map and assumptions; the planning pipeline
reads the request with the language packs and the catalog and flags every content word left out,
every phrase that is not the user's, every phrase citing a rule it does not name. A model that
drops a constraint is caught — the proposal carries a warning the user sees before the count.
"""

from __future__ import annotations

from assistant import Conversation, CoverageItem, Proposal, plan
from assistant.llm_planner import LLMPlanner
from assistant.schema import PlanOutput
from audience.rules import Attribute, Behavior, Condition, Group, Op, RuleTree
from schema_catalog import Catalog
from tests.support.fake_openai_server import FakeOpenAIServer

VIP = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")
LYON = Attribute(field="customers.city", op=Op.EQ, value="Lyon")
SHOES = Behavior(event="orders", filters=[Condition(field="category", op=Op.EQ, value="shoes")])
REQUEST = "VIP customers in Lyon who bought shoes"


def answer(rules: list[object], coverage: list[tuple[str, str | None]]) -> str:
    return PlanOutput(
        status="proposal",
        explanation="…",
        rules=RuleTree(root=Group(rules=rules)),  # type: ignore[arg-type]
        coverage=[CoverageItem(phrase=p, rule_path=path) for p, path in coverage],
    ).model_dump_json()


def planned(
    openai_server: FakeOpenAIServer, catalog: Catalog, reply: str, request: str = REQUEST
) -> Proposal:
    openai_server.enqueue(reply)
    planner = LLMPlanner(openai_server.client(max_retries=0), "gpt-4o-mini")
    result = plan(request, Conversation(), catalog, planner)
    assert isinstance(result, Proposal)
    return result


def coverage_codes(result: Proposal) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in result.warnings:
        if issue.code.startswith("coverage"):
            found.setdefault(issue.code, []).append(issue.path)
    return found


def test_a_complete_answer_has_no_coverage_warning(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    reply = answer(
        [VIP, LYON, SHOES],
        [("VIP", "root.rules[0]"), ("in Lyon", "root.rules[1]"), ("bought shoes", "root.rules[2]")],
    )
    assert coverage_codes(planned(openai_server, catalog, reply)) == {}


def test_a_dropped_constraint_is_caught(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    result = planned(openai_server, catalog, answer([VIP], [("VIP", "root.rules[0]")]))
    paths = coverage_codes(result)["coverage_unmapped_words"]
    dropped = {
        REQUEST[int(p.split("[")[1].split(":")[0]) : int(p.split(":")[1][:-1])] for p in paths
    }
    assert dropped == {"Lyon", "bought shoes"}
    assert result.flagged


def test_a_dropped_vague_word_is_caught(openai_server: FakeOpenAIServer, catalog: Catalog) -> None:
    reply = answer([Behavior(event="orders")], [("buyers", "root.rules[0]")])
    result = planned(openai_server, catalog, reply, request="recent buyers in the store")
    assert "coverage_unmapped_words" in coverage_codes(result)


def test_a_phrase_that_is_not_the_users_is_caught(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    reply = answer(
        [VIP, LYON, SHOES],
        [
            ("VIP", "root.rules[0]"),
            ("Lyon", "root.rules[1]"),
            ("purchased footwear", "root.rules[2]"),
        ],
    )
    codes = coverage_codes(planned(openai_server, catalog, reply))
    assert codes["coverage_phrase_not_in_request"] == ["coverage[2]"]


def test_a_phrase_citing_a_rule_it_does_not_name_is_caught(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    reply = answer(
        [VIP, SHOES],
        [("VIP", "root.rules[0]"), ("Lyon", "root.rules[0]"), ("bought shoes", "root.rules[1]")],
    )
    assert coverage_codes(planned(openai_server, catalog, reply))["coverage_mismatch"] == [
        "coverage[1]"
    ]


def test_a_stated_size_reaches_the_size_policy_whatever_the_planner(
    openai_server: FakeOpenAIServer, catalog: Catalog
) -> None:
    reply = answer([VIP], [("VIP", "root.rules[0]")])
    openai_server.enqueue(reply)
    planner = LLMPlanner(openai_server.client(max_retries=0), "gpt-4o-mini")
    result = plan("VIP customers, about 800 people", Conversation(), catalog, planner, lambda _: 40)
    assert isinstance(result, Proposal) and result.expected_size == 800
    assert "size_far_from_expected" in {issue.code for issue in result.warnings}
