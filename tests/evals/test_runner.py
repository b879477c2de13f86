"""The runner, cache and reports with a scripted planner and an in-memory member source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from assistant import (
    Clarification,
    ClarificationOption,
    Conversation,
    PlanningError,
    Proposal,
    Refusal,
    Usage,
)
from audience.rules import Attribute, Group, Op, RuleTree
from evals import EvalCase
from evals.cache import CacheKey, ResponseCache
from evals.report import (
    LATEST_HTML,
    LATEST_JSON,
    load_report,
    render_category_table,
    render_table,
    report_json,
    write_reports,
)
from evals.runner import EvalRun, PlannerIdentity, Planning, run_eval
from schema_catalog import Catalog

TIERS = {1: "vip", 2: "vip", 3: "gold", 4: "gold", 5: "silver", 6: "standard"}
CITIES = {1: "Lyon", 2: "Paris", 3: "Lyon", 4: "Paris", 5: "Lyon", 6: "Nice"}
COLUMNS = {"customers.loyalty_tier": TIERS, "customers.city": CITIES}


def _attr(field: str, value: str) -> Attribute:
    return Attribute(field=f"customers.{field}", op=Op.EQ, value=value)


def _tree(*rules: Attribute) -> RuleTree:
    return RuleTree(root=Group(rules=list(rules)))


class DictMembers:
    """Evaluates trees of 'eq' attributes over six customers."""

    def member_ids(self, tree: RuleTree) -> list[int]:
        rules = [rule for rule in tree.root.rules if isinstance(rule, Attribute)]
        return [cid for cid in TIERS if all(COLUMNS[r.field][cid] == r.value for r in rules)]


class ScriptedPlanner:
    """Answers by request text; counts calls and keeps the conversations it saw."""

    name = "scripted"
    model = "gpt-4o-mini"
    prompt_version = "p1"

    def __init__(self, answers: dict[str, Proposal | Clarification | Refusal]) -> None:
        self.answers = answers
        self.calls = 0
        self.seen: list[Conversation] = []

    def plan(
        self, request: str, conversation: Conversation, catalog: Catalog
    ) -> Proposal | Clarification | Refusal:
        self.calls += 1
        self.seen.append(conversation)
        if request == "boom":
            raise RuntimeError("planner exploded")
        if request == "invalid":
            raise PlanningError("rejected", [])
        return self.answers[request]


USAGE = Usage(prompt_tokens=1000, completion_tokens=100, cost_usd=0.001, model="gpt-4o-mini")


def _proposal(tree: RuleTree) -> Proposal:
    return Proposal(rules=tree, explanation="...", usage=USAGE)


ANSWERS: dict[str, Proposal | Clarification | Refusal] = {
    "VIPs": _proposal(_tree(_attr("loyalty_tier", "vip"))),
    "gold in Lyon": _proposal(_tree(_attr("loyalty_tier", "gold"))),  # drops the city
    "active people": Clarification(question="Which?", usage=USAGE),
    "VIPs in Lyon": _proposal(_tree(_attr("loyalty_tier", "vip"))),
    "only Lyon": _proposal(_tree(_attr("loyalty_tier", "vip"), _attr("city", "Lyon"))),
    "DROP TABLE x": Refusal(reason="no", category="unsafe", usage=USAGE),
}


def _case(case_id: str, category: str, turns: list[str], outcome: str, tree: RuleTree | None):
    payload = {"id": case_id, "category": category, "conversation": turns}
    payload |= {"expected_outcome": outcome, "expected_rules": tree, "dataset": "mini"}
    return EvalCase.model_validate(payload)


CASES = [
    _case("a", "single_attribute", ["VIPs"], "proposal", _tree(_attr("loyalty_tier", "vip"))),
    _case(
        "b",
        "multi_attribute",
        ["gold in Lyon"],
        "proposal",
        _tree(_attr("loyalty_tier", "gold"), _attr("city", "Lyon")),
    ),
    _case("c", "ambiguous", ["active people"], "clarification", None),
    _case(
        "d",
        "multi_turn",
        ["VIPs in Lyon", "only Lyon"],
        "proposal",
        _tree(_attr("loyalty_tier", "vip"), _attr("city", "Lyon")),
    ),
    _case("e", "out_of_scope_or_unsafe", ["DROP TABLE x"], "refusal", None),
    _case("f", "single_attribute", ["boom"], "proposal", _tree(_attr("loyalty_tier", "vip"))),
    _case("g", "indicator", ["invalid"], "proposal", _tree(_attr("loyalty_tier", "vip"))),
]


def _run(catalog: Catalog, planner: ScriptedPlanner, cache: ResponseCache | None, workers: int = 1):
    identity = PlannerIdentity(planner.name, planner.model, planner.prompt_version)
    planning = Planning(planner.plan, catalog, identity, cache)
    return run_eval(EvalRun(CASES, planning, DictMembers(), "dict", workers, domain="mini"))


def test_scores_and_summaries(catalog: Catalog) -> None:
    report = _run(catalog, ScriptedPlanner(ANSWERS), None)
    by_id = {result.case_id: result for result in report.results}
    assert [by_id[i].passed for i in "abcdefg"] == [True, False, True, True, True, False, False]
    assert report.overall.execution_accuracy == pytest.approx(4 / 7)
    assert report.categories["single_attribute"].execution_accuracy == 0.5
    assert (by_id["b"].expected_count, by_id["b"].got_count) == (1, 2)
    assert by_id["b"].scores["recall"] == 1.0 and by_id["b"].scores["precision"] == 0.5
    assert by_id["f"].got_outcome == "error" and "planner exploded" in (by_id["f"].error or "")
    assert report.overall.errors == 2
    assert by_id["g"].scores["catalog_valid"] == 0.0 and by_id["f"].scores["catalog_valid"] is None
    assert by_id["f"].scores["schema_valid"] == 0.0
    verdicts = [by_id[i].verdict.value for i in "abcdefg"]
    assert verdicts == [
        "correct",
        "silent_wrong",
        "correct",
        "correct",
        "correct",
        "asked",
        "asked",
    ]
    assert report.overall.classes == {
        "correct": 4, "asked": 2, "flagged_wrong": 0, "silent_wrong": 1, "unsafe": 0
    }  # fmt: skip
    assert report.overall.reliability_score == pytest.approx((4 - 10) / 7)
    assert report.domains["mini"].datasets["mini"].split == "heldout"
    assert report.domains["mini"].gap is None  # one split only


def test_failures_carry_plain_language(catalog: Catalog) -> None:
    report = _run(catalog, ScriptedPlanner(ANSWERS), None)
    failure = next(result for result in report.failures if result.case_id == "b")
    assert failure.expected_text and "Lyon" in failure.expected_text
    assert failure.got_text and "Lyon" not in failure.got_text


def test_multi_turn_feeds_previous_answer_back(catalog: Catalog) -> None:
    planner = ScriptedPlanner(ANSWERS)
    _run(catalog, planner, None)
    second_turn = next(c for c in planner.seen if len(c.turns) == 2)
    assert [turn.role for turn in second_turn.turns] == ["user", "assistant"]
    assert second_turn.last_rules == ANSWERS["VIPs in Lyon"].rules  # type: ignore[union-attr]


def test_second_run_is_served_by_the_cache(catalog: Catalog, tmp_path: Path) -> None:
    planner = ScriptedPlanner(ANSWERS)
    first = _run(catalog, planner, ResponseCache(tmp_path), workers=3)
    calls = planner.calls
    second = _run(catalog, planner, ResponseCache(tmp_path), workers=3)
    assert planner.calls == calls + 2  # only the cases whose planner raised are planned again
    assert second.overall.cached_cases == 5 and first.overall.cached_cases == 0
    assert first.overall.cost_usd == pytest.approx(6 * 0.001)
    assert second.overall.cost_usd == 0.0
    assert second.overall.answer_cost_usd == pytest.approx(first.overall.answer_cost_usd)
    assert [r.scores for r in first.results] == [r.scores for r in second.results]


def test_cache_key_covers_model_prompt_and_conversation(catalog: Catalog, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    key = CacheKey("p", "m", "v1", catalog.fingerprint(), "VIPs", Conversation())
    cache.put(key, ANSWERS["VIPs"])
    assert cache.get(key) == ANSWERS["VIPs"]
    for changed in ({"model": "m2"}, {"prompt_version": "v2"}, {"request": "vips"}):
        assert cache.get(CacheKey(**{**key.__dict__, **changed})) is None
    assert cache.clear() == 1


def test_reports_written_and_reloaded(catalog: Catalog, tmp_path: Path) -> None:
    report = _run(catalog, ScriptedPlanner(ANSWERS), None)
    write_reports(report, tmp_path)
    document = json.loads((tmp_path / LATEST_JSON).read_text())
    assert document["cases"] == 7
    assert document["execution_accuracy"] == pytest.approx(4 / 7)
    assert set(document["categories"]) == {case.category for case in CASES}
    assert document["meta"]["planner"] == "scripted"
    assert document["meta"]["domains"]["mini"]["catalog_fingerprint"] == catalog.fingerprint()
    assert document["classes"]["silent_wrong"] == 1
    assert document["domains"]["mini"]["datasets"]["mini"]["classes"]["correct"] == 4
    assert {failure["case_id"] for failure in document["failures"]} == {"b", "f", "g"}
    assert load_report(tmp_path / LATEST_JSON) == report


def test_html_is_self_contained(catalog: Catalog, tmp_path: Path) -> None:
    report = _run(catalog, ScriptedPlanner(ANSWERS), None)
    write_reports(report, tmp_path)
    page = (tmp_path / LATEST_HTML).read_text()
    assert "<svg" in page and "<style>" in page
    assert "gold in Lyon" in page  # a failing request
    assert "src=" not in page and "<link" not in page and "@import" not in page


def test_terminal_table_lists_categories(catalog: Catalog) -> None:
    report = _run(catalog, ScriptedPlanner(ANSWERS), None)
    console = Console(width=160, record=True)
    console.print(render_table(report))
    console.print(render_category_table(report))
    text = console.export_text()
    assert "multi_attribute" in text and "mini" in text and "silent" in text


class FailingMembers(DictMembers):
    """An engine that cannot run one of the trees (e.g. keys it cannot read)."""

    def member_ids(self, tree: RuleTree) -> list[int]:
        if any(isinstance(r, Attribute) and r.value == "gold" for r in tree.root.rules):
            raise ValueError("the engine cannot run this tree")
        return super().member_ids(tree)


def test_a_proposal_the_engine_cannot_run_is_asked_not_wrong(catalog: Catalog) -> None:
    identity = PlannerIdentity("scripted")
    planning = Planning(ScriptedPlanner(ANSWERS).plan, catalog, identity)
    gold = _case("x", "multi_attribute", ["gold in Lyon"], "proposal", _tree(_attr("city", "Lyon")))
    report = run_eval(EvalRun([gold], planning, FailingMembers(), "dict"))
    [result] = report.results
    assert result.verdict.value == "asked" and result.error and "cannot run" in result.error


def test_a_question_where_an_audience_was_expected_says_whether_it_offered_it(
    catalog: Catalog,
) -> None:
    vip, gold = _tree(_attr("loyalty_tier", "vip")), _tree(_attr("loyalty_tier", "gold"))
    asked = Clarification(
        question="Which tier?",
        options=(
            ClarificationOption(label="gold", rules=gold),
            ClarificationOption(label="VIP", rules=vip),
        ),
    )
    planner = ScriptedPlanner({"top tier": asked, "best tier": asked.model_copy(
        update={"options": asked.options[:1]})})  # fmt: skip
    cases = [
        _case("offered", "ambiguous", ["top tier"], "proposal", vip),
        _case("missed", "ambiguous", ["best tier"], "proposal", vip),
    ]
    identity = PlannerIdentity(planner.name, planner.model, planner.prompt_version)
    planning = Planning(planner.plan, catalog, identity, None)
    report = run_eval(EvalRun(cases, planning, DictMembers(), "dict", 1, domain="mini"))
    by_id = {result.case_id: result for result in report.results}
    assert {case_id: r.verdict.value for case_id, r in by_id.items()} == {
        "offered": "asked",
        "missed": "asked",
    }
    assert by_id["offered"].details["options"] == "expected audience offered: option 2 of 2"
    assert by_id["missed"].details["options"] == "expected audience offered: none of 1"
    assert (by_id["offered"].offered, by_id["missed"].offered) == (True, False)
    figures = report.domains["mini"].overall
    assert (figures.classes["asked"], figures.asked_offered, figures.asked_missed) == (2, 1, 1)
    document = report_json(report)
    assert (document["asked_offered"], document["asked_missed"]) == (1, 1)
    assert {f["case_id"]: f["offered"] for f in document["failures"]} == {
        "offered": True,
        "missed": False,
    }
    console = Console(width=200, record=True)
    console.print(render_table(report))
    assert "2 (1/1)" in console.export_text()


def test_only_asked_cases_that_expected_an_audience_are_split(catalog: Catalog) -> None:
    """A refusal where an audience was expected offers nothing (missed); a question where a
    question was expected is correct, and a refusal there is asked without an audience to offer."""
    vip = _tree(_attr("loyalty_tier", "vip"))
    no = Refusal(reason="Not an audience.")
    asked = Clarification(question="Which tier?", options=())
    planner = ScriptedPlanner({"top tier": no, "which one": no, "pick one": asked})
    cases = [
        _case("refused", "ambiguous", ["top tier"], "proposal", vip),
        _case("refused-question", "ambiguous", ["which one"], "clarification", None),
        _case("asked-right", "ambiguous", ["pick one"], "clarification", None),
    ]
    identity = PlannerIdentity(planner.name, planner.model, planner.prompt_version)
    planning = Planning(planner.plan, catalog, identity, None)
    report = run_eval(EvalRun(cases, planning, DictMembers(), "dict", 1, domain="mini"))
    offered = {result.case_id: (result.verdict.value, result.offered) for result in report.results}
    assert offered == {
        "refused": ("asked", False),
        "refused-question": ("asked", None),
        "asked-right": ("correct", None),
    }
    assert (report.overall.asked_offered, report.overall.asked_missed) == (0, 1)
