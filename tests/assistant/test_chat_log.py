"""The Build conversation log: derived planner conversation, undo, history, kept in the store."""

from __future__ import annotations

from pathlib import Path

from assistant import (
    ChatLog,
    ChatStep,
    Clarification,
    Proposal,
    load_chat,
    save_chat,
    save_version_chat,
    version_chat,
)
from assistant.contract import ClarificationOption
from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceService
from schema_catalog import load_catalog
from tests.support.workflow_fakes import FakeEngine, store_at, workspace


def _tree(tier: str) -> RuleTree:
    rule = Attribute(field="customers.loyalty_tier", op=Op.EQ, value=tier)
    return RuleTree(root=Group(rules=[rule]))


def _log() -> ChatLog:
    vip, gold = _tree("vip"), _tree("gold")
    asked = ChatStep(
        text="VIP customers",
        outcome=Proposal(rules=vip, explanation="VIP customers."),
        rules=vip,
        count_after=120,
    )
    failed = ChatStep(text="???", error="Could not plan.")
    edited = ChatStep(
        kind="edit", text="tier is gold", rules=gold, rules_before=vip, count_after=80
    )
    question = Clarification(
        question="Which tier?", options=(ClarificationOption(label="Gold", request="gold"),)
    )
    return ChatLog().add(asked).add(failed).add(edited).add(ChatStep(text="tier", outcome=question))


def test_the_planner_conversation_leaves_failed_steps_out() -> None:
    turns = _log().conversation.turns
    assert [(t.role, t.text) for t in turns] == [
        ("user", "VIP customers"),
        ("assistant", "VIP customers."),
        ("assistant", "Edited by hand: tier is gold"),
        ("user", "tier"),
        ("assistant", "Which tier?"),
    ]
    assert _log().conversation.last_rules == _tree("gold")


def test_the_working_tree_and_count_follow_the_last_tree_making_step() -> None:
    log = _log()
    assert (log.working, log.last_count) == (_tree("gold"), 80)
    undone = log.undo().undo()
    assert (undone.working, undone.last_count) == (_tree("vip"), 120)
    assert ChatLog().working is None


def test_history_lists_each_step_once_and_undone_steps_not_at_all() -> None:
    history = _log().undo().history()
    assert [(h.kind, h.text, h.count) for h in history] == [
        ("request", "VIP customers", 120),
        ("edit", "tier is gold", 80),
    ]


def test_logs_survive_the_store_per_user_and_per_version(tmp_path: Path) -> None:
    store = store_at(tmp_path / "state.sqlite3")
    assert load_chat(store, "marketer") == ChatLog()
    log = _log().model_copy(update={"audience_id": 1})
    save_chat(store, "marketer", log)
    assert load_chat(store, "marketer") == log
    svc = AudienceService(store, load_catalog(), FakeEngine(), workspace())
    audience_id = svc.create("marketer", "VIP", _tree("vip")).audience_id
    assert version_chat(store, audience_id, 1) is None
    save_version_chat(store, audience_id, 1, log)
    assert version_chat(store, audience_id, 1) == (1, log)
