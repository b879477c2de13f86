"""The review loop: size flags on the reachable count, comments a decision needs, votes cast,
decisions read back, and the conversations kept beside the audiences."""

from __future__ import annotations

import pytest

from audience.errors import CommentRequiredError, ReasonRequiredError, UnknownAudienceError
from audience.workflow import (
    AudienceService,
    AudienceState,
    FlagCode,
    Vote,
    assess_size,
    confirmation_text,
    conversations,
)
from schema_catalog import GuardrailPolicy
from tests.support.workflow_fakes import FakeEngine, tree


def _pending(svc: AudienceService, engine: FakeEngine, size: int, reason: str | None = None) -> int:
    rules = tree(size)
    engine.set_members(rules, range(1, size + 1))
    created = svc.create("marketer", f"aud-{size}-{len(svc.list_audiences())}", rules)
    return svc.submit("marketer", created.audience_id, reason=reason).audience_id


def test_size_flags_judge_who_the_channel_reaches(svc: AudienceService, engine: FakeEngine) -> None:
    engine.unreachable = set(range(1, 201))  # 400 match, 200 of them have no email contact
    audience_id = _pending(svc, engine, 400)
    assessment = svc.get(audience_id).assessment
    assert assessment is not None and (assessment.count, assessment.flags) == (200, ())
    outcome = svc.approve("reviewer", audience_id)
    assert outcome.approved and outcome.approval is not None
    assert (outcome.approval.member_count, outcome.approval.assessment.count) == (400, 200)


def test_a_segment_is_judged_on_everyone_it_matches(
    svc: AudienceService, engine: FakeEngine
) -> None:
    engine.unreachable = set(range(1, 201))
    rules = tree(400, channel=None)
    engine.set_members(rules, range(1, 401))
    created = svc.create("marketer", "segment", rules)
    assert svc.reach(rules, None) == 400
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", created.audience_id)


def test_the_jump_compares_reachable_counts(svc: AudienceService, engine: FakeEngine) -> None:
    engine.unreachable = set(range(1, 51))
    audience_id = _pending(svc, engine, 100)  # 50 reachable
    svc.approve("reviewer", audience_id)
    bigger = tree(200)
    engine.set_members(bigger, range(1, 201))  # 150 reachable: 3× 50 is the limit
    svc.edit("marketer", audience_id, bigger)
    submitted = svc.submit("marketer", audience_id, reason="more stores")
    assert submitted.assessment is not None
    assert submitted.assessment.previous_approved == 50
    assert submitted.assessment.codes == ()


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_a_rejection_needs_a_comment(
    svc: AudienceService, engine: FakeEngine, comment: str | None
) -> None:
    audience_id = _pending(svc, engine, 100)
    with pytest.raises(CommentRequiredError):
        svc.reject("reviewer", audience_id, comment=comment)
    assert svc.get(audience_id).state is AudienceState.PENDING_REVIEW
    rejected = svc.reject("reviewer", audience_id, comment="Too broad: add the store filter.")
    assert rejected.review_comment == "Too broad: add the store filter."


def test_approving_a_flagged_audience_needs_a_comment(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = _pending(svc, engine, 400, reason="national sale")
    with pytest.raises(CommentRequiredError):
        svc.approve("reviewer", audience_id, comment=" ")
    assert svc.get(audience_id).state is AudienceState.PENDING_REVIEW
    assert svc.votes(audience_id) == []
    assert svc.approve("reviewer", audience_id, comment="Sale week, checked.").approved


def test_an_unflagged_audience_is_approved_without_a_comment(
    svc: AudienceService, engine: FakeEngine
) -> None:
    assert svc.approve("reviewer", _pending(svc, engine, 100)).approved


def test_votes_cast_on_the_current_round_are_listed(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = _pending(svc, engine, 480, reason="national")
    assert svc.votes(audience_id) == []
    svc.approve("reviewer", audience_id, comment="ok for me")
    votes = svc.votes(audience_id)
    assert [(v.approver, v.comment) for v in votes] == [("reviewer", "ok for me")]
    assert isinstance(votes[0], Vote) and votes[0].at
    svc.withdraw("marketer", audience_id)
    svc.submit("marketer", audience_id, reason="national")
    assert svc.votes(audience_id) == []


def test_decisions_are_read_back_with_their_comments(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = _pending(svc, engine, 100)
    svc.reject("reviewer", audience_id, comment="Add the store filter.")
    svc.edit("marketer", audience_id, tree(90))
    svc.submit("marketer", audience_id)
    svc.approve("reviewer", audience_id, comment="Good now.")
    decisions = svc.decisions(audience_id)
    assert [(d.kind, d.reviewer, d.version, d.comment) for d in decisions] == [
        ("reject", "reviewer", 1, "Add the store filter."),
        ("approve", "reviewer", 2, "Good now."),
    ]


def test_the_confirmation_restates_every_figure() -> None:
    policy = GuardrailPolicy(max_audience_size=50_000, hard_ceiling=75_000)
    assessment = assess_size(
        85_473, base=100_000, policy=policy, expected=10_000, previous_approved=5_000
    )
    assert set(assessment.codes) == {
        FlagCode.ABSOLUTE_SIZE, FlagCode.SHARE_OF_BASE, FlagCode.JUMP_VS_PREVIOUS,
        FlagCode.FAR_FROM_EXPECTED, FlagCode.HARD_CEILING,
    }  # fmt: skip
    text = confirmation_text(assessment)
    for figure in ("85,473", "755%", "10,000", "50,000", "85.5%", "100,000", "17.1×", "75,000"):
        assert figure in text
    below = assess_size(2_000, base=100_000, policy=policy, expected=10_000)
    assert "80% below the expected 10,000" in confirmation_text(below)


def test_working_conversations_are_kept_per_user(svc: AudienceService) -> None:
    assert conversations.load_working(svc.store, "marketer") is None
    conversations.save_working(svc.store, "marketer", '{"steps": []}')
    conversations.save_working(svc.store, "marketer", '{"steps": [1]}')
    conversations.save_working(svc.store, "admin", '{"steps": [2]}')
    assert conversations.load_working(svc.store, "marketer") == '{"steps": [1]}'
    assert conversations.load_working(svc.store, "admin") == '{"steps": [2]}'


def test_a_version_reads_its_own_conversation_or_the_last_one_before(
    svc: AudienceService,
) -> None:
    audience_id = svc.create("marketer", "A", tree(10)).audience_id
    conversations.save_for_version(svc.store, audience_id, 1, "first")
    conversations.save_for_version(svc.store, audience_id, 1, "ignored: kept as recorded")
    svc.edit("marketer", audience_id, tree(20))
    assert conversations.load_for_version(svc.store, audience_id, 2) == (1, "first")
    conversations.save_for_version(svc.store, audience_id, 2, "second")
    assert conversations.load_for_version(svc.store, audience_id, 2) == (2, "second")
    assert conversations.load_for_version(svc.store, audience_id, 1) == (1, "first")
    with pytest.raises(UnknownAudienceError):
        conversations.save_for_version(svc.store, audience_id, 9, "no such version")
