"""An assistant turn keeps the notices its proposal showed; a follow-up that keeps every rule of
that tree shows them again, one that changes a rule does not (the notice would be stale)."""

from __future__ import annotations

from pathlib import Path

from assistant import ChatLog, ChatStep, Conversation, Proposal, Turn, load_chat, plan, save_chat
from audience.rules import Attribute, Group, Op, RuleTree
from schema_catalog import Catalog
from tests.support.workflow_fakes import store_at


def _play(catalog: Catalog, *requests: str) -> Proposal:
    conversation = Conversation()
    result = None
    for request in requests:
        result = plan(request, conversation, catalog)
        assert isinstance(result, Proposal), (request, result)
        answer = Turn(
            role="assistant", text=result.explanation, rules=result.rules, notices=result.notices
        )
        conversation = conversation.add(Turn(role="user", text=request)).add(answer)
    assert result is not None
    return result


def _carried(proposal: Proposal) -> list[tuple[str, str]]:
    return [(i.path or "", i.message) for i in proposal.issues if i.code == "notice_carried"]


def test_an_assumption_stays_shown_while_its_rules_stand(catalog: Catalog) -> None:
    first = _play(catalog, "recent buyers")
    assert first.assumptions
    refined = _play(catalog, "recent buyers", "only the VIP ones")
    assert _carried(refined) == [("conversation[1]", first.assumptions[0])]
    assert first.assumptions[0] in refined.notices
    again = _play(catalog, "recent buyers", "only the VIP ones", "in Paris too")
    assert [message for _, message in _carried(again)] == [first.assumptions[0]]


def test_a_follow_up_that_changes_the_rule_does_not_carry_its_notice(catalog: Catalog) -> None:
    changed = _play(catalog, "recent buyers", "make it 30 days")
    assert changed.changes
    assert _carried(changed) == []


def test_a_proposal_that_read_everything_carries_nothing(catalog: Catalog) -> None:
    refined = _play(catalog, "VIP customers", "only those in Lyon")
    assert refined.notices == ()


def test_turns_written_without_notices_still_load() -> None:
    turn = Turn.model_validate({"role": "assistant", "text": "VIP customers."})
    assert turn.notices == ()


def test_the_build_log_gives_each_answer_its_notices_and_keeps_them(tmp_path: Path) -> None:
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.city", op=Op.EQ, value="Nice")]))
    shown = Proposal(rules=tree, explanation="People in Nice.", assumptions=("'near' = in Nice",))
    log = ChatLog().add(ChatStep(text="people near Nice", outcome=shown, rules=tree))
    store = store_at(tmp_path / "state.db")
    save_chat(store, "marketer", log)
    (_, answer) = load_chat(store, "marketer").conversation.turns
    assert answer.notices == ("'near' = in Nice",)
