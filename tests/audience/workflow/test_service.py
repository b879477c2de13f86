"""Workflow: versions, review states, four-eyes, size flags, rollback, segments, audit entries.

The fake engine scripts member lists; the engine itself is tested elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audience.errors import (
    FourEyesError,
    PermissionDeniedError,
    ReasonRequiredError,
    RuleValidationError,
    StaleApprovalError,
    UnknownAudienceError,
    WorkflowError,
)
from audience.rules import (
    Attribute,
    Behavior,
    BehaviorMeasure,
    Group,
    Op,
    Ranking,
    RuleTree,
    SegmentRef,
)
from audience.workflow import AudienceService, AudienceState, FlagCode, audit
from audience.workflow.store import members_digest
from schema_catalog import Catalog
from tests.support.workflow_fakes import POLICY, FakeEngine, service, tree, workspace


def pending(svc: AudienceService, engine: FakeEngine, size: int = 100, reason: str | None = None):
    rules = tree(size)
    engine.set_members(rules, range(1, size + 1))
    created = svc.create("marketer", f"aud-{size}-{len(svc.list_audiences())}", rules)
    return svc.submit("marketer", created.audience_id, reason=reason)


def test_create_makes_version_one_in_draft(svc: AudienceService) -> None:
    created = svc.create("marketer", "VIP", tree(), expected_size=10)
    assert (created.version, created.state, created.owner) == (1, AudienceState.DRAFT, "marketer")
    assert created.channel == "email"
    assert svc.version(created.audience_id).rules == tree()


def test_duplicate_names_and_unknown_users_are_refused(svc: AudienceService) -> None:
    svc.create("marketer", "VIP", tree())
    with pytest.raises(WorkflowError):
        svc.create("marketer", "VIP", tree())
    with pytest.raises(PermissionDeniedError):
        svc.create("mallory", "Other", tree())


def test_invalid_rules_are_refused_with_issues(svc: AudienceService) -> None:
    bad = RuleTree(root=Group(rules=[Attribute(field="customers.contry", op=Op.EQ, value="FR")]))
    with pytest.raises(RuleValidationError) as raised:
        svc.create("marketer", "Bad", bad)
    assert raised.value.issues[0].path.startswith("root.rules[0]")


def test_happy_path_submit_approve_freezes_members(
    svc: AudienceService, engine: FakeEngine
) -> None:
    submitted = pending(svc, engine, 120)
    assert (submitted.state, submitted.requested_by) == (AudienceState.PENDING_REVIEW, "marketer")
    assert submitted.assessment is not None and submitted.assessment.count == 120
    outcome = svc.approve("reviewer", submitted.audience_id, comment="fine")
    assert outcome.approved and outcome.approval is not None
    assert outcome.audience.state is AudienceState.APPROVED
    assert outcome.approval.approvers == ("reviewer",)
    assert outcome.approval.member_count == 120
    assert outcome.approval.members_sha256 == members_digest(list(range(1, 121)))
    assert svc.approved_members(outcome.approval.approval_id) == list(range(1, 121))
    assert outcome.approval.snapshot_id == engine.snapshot_id()


def test_requester_and_version_author_cannot_approve_or_reject(
    svc: AudienceService, engine: FakeEngine
) -> None:
    rules = tree(50)
    created = svc.create("marketer", "A", rules)
    svc.edit("admin", created.audience_id, tree(60))  # an admin may edit anyone's audience
    submitted = svc.submit("marketer", created.audience_id)
    for who in ("marketer", "admin"):
        with pytest.raises(FourEyesError):
            svc.approve(who, submitted.audience_id)
        with pytest.raises(FourEyesError):
            svc.reject(who, submitted.audience_id)
    with pytest.raises(PermissionDeniedError):
        svc.approve("marketer2", submitted.audience_id)
    assert svc.approve("reviewer", submitted.audience_id).approved


def test_only_reviewers_and_admins_decide(svc: AudienceService, engine: FakeEngine) -> None:
    audience_id = pending(svc, engine, 80).audience_id
    for decide in (svc.approve, svc.reject):
        with pytest.raises(PermissionDeniedError):
            decide("marketer2", audience_id)
    assert svc.get(audience_id).state is AudienceState.PENDING_REVIEW
    assert svc.reject("reviewer", audience_id, comment="no").state is AudienceState.REJECTED


def test_edit_after_approval_returns_to_draft_with_a_new_version(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    svc.approve("reviewer", audience_id)
    edited = svc.edit("marketer", audience_id, tree(150), note="wider")
    assert (edited.version, edited.state, edited.approval_id) == (2, AudienceState.DRAFT, None)
    assert edited.requested_by is None
    assert [v.version for v in svc.versions(audience_id)] == [1, 2]


@pytest.mark.parametrize("state", ["pending", "rejected", "draft"])
def test_edit_from_any_state_makes_a_draft(
    svc: AudienceService, engine: FakeEngine, state: str
) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    if state == "rejected":
        svc.reject("reviewer", audience_id, comment="no")
    if state == "draft":
        svc.withdraw("marketer", audience_id)
    assert svc.edit("marketer", audience_id, tree(7)).state is AudienceState.DRAFT


def test_reject_keeps_the_comment_and_needs_an_edit_before_resubmitting(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    rejected = svc.reject("reviewer", audience_id, comment="too broad")
    assert (rejected.state, rejected.review_comment) == (AudienceState.REJECTED, "too broad")
    with pytest.raises(WorkflowError):
        svc.submit("marketer", audience_id)
    svc.edit("marketer", audience_id, tree(90))
    assert svc.submit("marketer", audience_id).state is AudienceState.PENDING_REVIEW


def test_withdraw_by_requester_or_admin_only(svc: AudienceService, engine: FakeEngine) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    with pytest.raises(PermissionDeniedError):
        svc.withdraw("reviewer", audience_id)
    assert svc.withdraw("admin", audience_id).state is AudienceState.DRAFT
    svc.submit("marketer", audience_id)
    assert svc.withdraw("marketer", audience_id).state is AudienceState.DRAFT
    with pytest.raises(WorkflowError):
        svc.withdraw("marketer", audience_id)


def test_rollback_copies_an_earlier_version_into_a_new_draft(
    svc: AudienceService, engine: FakeEngine
) -> None:
    created = svc.create("marketer", "A", tree(10))
    svc.edit("marketer", created.audience_id, tree(20))
    rolled = svc.rollback("admin", created.audience_id, 1)
    assert (rolled.version, rolled.state, rolled.version_author) == (3, "draft", "admin")
    assert svc.version(created.audience_id).rules == tree(10)
    assert svc.versions(created.audience_id)[-1].based_on == 1
    with pytest.raises(UnknownAudienceError):
        svc.rollback("marketer", created.audience_id, 9)


def test_flagged_submission_needs_a_reason(svc: AudienceService, engine: FakeEngine) -> None:
    rules = tree(400)
    engine.set_members(rules, range(1, 401))
    created = svc.create("marketer", "Big", rules)
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", created.audience_id, reason="  ")
    submitted = svc.submit("marketer", created.audience_id, reason="seasonal sale")
    assert submitted.assessment is not None
    assert FlagCode.ABSOLUTE_SIZE in submitted.assessment.codes


def test_flagged_audience_needs_a_reviewer_or_admin(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = pending(svc, engine, 400, reason="summer sale campaign").audience_id
    with pytest.raises(PermissionDeniedError):
        svc.approve("marketer2", audience_id)
    assert svc.approve("admin", audience_id, comment="sale week").approved


def test_above_the_hard_ceiling_two_distinct_approvers_are_needed(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = pending(svc, engine, 480, reason="national campaign").audience_id
    first = svc.approve("reviewer", audience_id, comment="national")
    assert (first.approved, first.votes, first.approvers_required) == (False, ("reviewer",), 2)
    assert first.audience.state is AudienceState.PENDING_REVIEW
    with pytest.raises(WorkflowError):
        svc.approve("reviewer", audience_id, comment="again")
    second = svc.approve("admin", audience_id, comment="national")
    assert second.approved and second.approval is not None
    assert second.approval.approvers == ("reviewer", "admin")


def test_votes_of_a_withdrawn_round_do_not_count(svc: AudienceService, engine: FakeEngine) -> None:
    audience_id = pending(svc, engine, 480, reason="national").audience_id
    svc.approve("reviewer", audience_id, comment="national")
    svc.withdraw("marketer", audience_id)
    svc.submit("marketer", audience_id, reason="national")
    assert not svc.approve("admin", audience_id, comment="national").approved


def test_jump_against_previous_approved_version_is_flagged(
    svc: AudienceService, engine: FakeEngine
) -> None:
    audience_id = pending(svc, engine, 50).audience_id
    svc.approve("reviewer", audience_id)
    bigger = tree(200)
    engine.set_members(bigger, range(1, 201))
    svc.edit("marketer", audience_id, bigger)
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", audience_id)
    submitted = svc.submit("marketer", audience_id, reason="new stores")
    assert submitted.assessment is not None
    assert submitted.assessment.codes == (FlagCode.JUMP_VS_PREVIOUS,)
    assert submitted.assessment.previous_approved == 50


def test_expected_size_from_the_create_call_is_checked(
    svc: AudienceService, engine: FakeEngine
) -> None:
    rules = tree(100)
    engine.set_members(rules, range(1, 101))
    created = svc.create("marketer", "Exp", rules, expected_size=10)
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", created.audience_id)


def test_stale_version_approval_is_refused(svc: AudienceService, engine: FakeEngine) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    with pytest.raises(StaleApprovalError):
        svc.approve("reviewer", audience_id, expected_version=7)


def test_saved_segments_are_analysis_only_audiences_by_name(svc: AudienceService) -> None:
    svc.create("marketer", "big spenders", tree(500, channel=None))
    svc.create("marketer", "email one", tree(5))
    assert svc.saved_segments() == {"big spenders": tree(500, channel=None)}
    assert svc.segment("big spenders") == tree(500, channel=None)
    assert svc.get_by_name("big spenders").channel_label == "analysis only"
    with pytest.raises(UnknownAudienceError):
        svc.segment("email one")
    using = RuleTree(root=Group(rules=[SegmentRef(segment="big spenders")]))
    assert svc.create("marketer", "from segment", using, channel="sms").channel == "sms"


def test_every_action_is_in_the_audit_log(svc: AudienceService, engine: FakeEngine) -> None:
    audience_id = pending(svc, engine, 100).audience_id
    svc.reject("reviewer", audience_id, comment="no")
    svc.edit("marketer", audience_id, tree(80))
    svc.submit("marketer", audience_id)
    svc.withdraw("marketer", audience_id)
    svc.rollback("marketer", audience_id, 1)
    svc.submit("marketer", audience_id)
    svc.approve("reviewer", audience_id)
    actions = [(e.actor, e.action, e.version) for e in svc.history(audience_id)]
    assert actions == [
        ("marketer", "create", 1), ("marketer", "submit", 1), ("reviewer", "reject", 1),
        ("marketer", "edit", 2), ("marketer", "submit", 2), ("marketer", "withdraw", 2),
        ("marketer", "rollback", 3), ("marketer", "submit", 3), ("reviewer", "approve", 3),
    ]  # fmt: skip
    assert audit.verify(svc.store).ok


def test_workspace_policy_overrides_reach_the_assessment(
    tmp_path: Path, catalog: Catalog, engine: FakeEngine
) -> None:
    svc = service(tmp_path, catalog, engine, ws=workspace(max_audience_size=5), policy=POLICY)
    assert svc.policy.max_audience_size == 5
    audience_id = svc.create("marketer", "A", tree(10)).audience_id
    engine.set_members(tree(10), range(1, 11))
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", audience_id)


def test_the_size_preview_divides_by_the_whole_base(svc: AudienceService) -> None:
    assert svc.base_count() == 1_000
    preview = svc.preview_size(600)
    assert (preview.base, preview.count) == (1_000, 600)
    assert {flag.code for flag in preview.flags} == {
        FlagCode.ABSOLUTE_SIZE, FlagCode.SHARE_OF_BASE, FlagCode.HARD_CEILING}  # fmt: skip
    assert svc.preview_size(10).flags == ()


def test_a_ranked_audience_is_ranked_among_the_reachable_of_its_channel(
    svc: AudienceService,
) -> None:
    spend = Ranking(by=BehaviorMeasure(event="orders", func="sum", measure="amount"))
    ranked = RuleTree(root=Group(rules=[Behavior(event="orders")]), limit=50, ranking=spend)
    created = svc.create("marketer", "Top spenders", ranked, channel="sms")
    assert svc.version(created.audience_id).rules == ranked.updated(channel="sms")
    edited = svc.edit("marketer", created.audience_id, ranked.updated(limit=20))
    assert svc.version(edited.audience_id).rules.channel == "sms"
    unranked = RuleTree(root=Group(rules=[Behavior(event="orders")]), limit=50)
    plain = svc.create("marketer", "First fifty", unranked, channel="sms")
    assert svc.version(plain.audience_id).rules == unranked  # a plain limit is left as it was
