"""Stateful test of the approval workflow against a small independent model.

Rules: create / edit / rollback / submit / approve (random users) / reject / withdraw / export /
data drift. Rights are part of the model: reviewers do not build or export, only the owner (or an
admin) edits, rolls back or submits an audience. The model predicts each action's outcome
(which error, or which new state); any
disagreement is a violation. The safety invariant, checked on every successful export: the export
is bound to a valid approval of the *current* version, by approvers who are neither the
requester nor the version's author, whose fingerprint (rules + snapshot + member hash) matches
what was frozen, with drift within tolerance, and it exports only approved members.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from audience.errors import (
    ExportBlockedError,
    FourEyesError,
    PermissionDeniedError,
    ReasonRequiredError,
    WorkflowError,
)
from audience.workflow import (
    ExportFormat,
    ExportResult,
    SizeAssessment,
    assess_size,
    audit,
    export_audience,
)
from audience.workflow.approval import approval_fingerprint, definition_fingerprint
from audience.workflow.store import members_digest
from schema_catalog import GuardrailPolicy, load_catalog
from tests.support.workflow_fakes import FakeEngine, service, tree, workspace

POLICY = GuardrailPolicy(
    max_audience_size=300, max_share_of_base=0.5, max_jump_factor=3.0,
    expected_size_tolerance=0.5, hard_ceiling=450, drift_tolerance=0.02,
    cumulative_window_days=0,  # the cumulative check has its own tests (test_policy)
)  # fmt: skip
USERS = ["marketer", "marketer2", "reviewer", "reviewer2", "admin"]
REVIEWERS = {"reviewer", "reviewer2", "admin"}
BUILDERS = {"marketer", "marketer2", "admin"}
"""Who may create, edit their own, submit and export (reviewers only review)."""
APPROVER_BIAS = ["reviewer", "reviewer2", "admin", "reviewer", "admin", "marketer2", "marketer"]
CATALOG = load_catalog()


def pq_or_csv_ids(path: Path) -> list[int]:
    """The profile ids of an export file."""
    table = pq.read_table(path) if path.suffix == ".parquet" else pacsv.read_csv(path)
    return [int(value) for value in table.column("customer_id").to_pylist()]


SIZES = st.one_of(st.integers(1, 290), st.integers(0, 520))
STATS = {
    "walked": 0, "steps": 0, "violations": 0, "exports": 0, "blocked_exports": 0, "approvals": 0,
}  # fmt: skip


@dataclass
class Model:
    """What the test believes about one audience."""

    version: int = 1
    owner: str = ""
    author: str = ""
    state: str = "draft"
    requested_by: str | None = None
    reason: str | None = None
    votes: set[str] = field(default_factory=set)
    trees: dict[int, int] = field(default_factory=dict)
    approvals: list[tuple[int, int]] = field(default_factory=list)
    """(version, member count) of every approval, oldest first."""
    frozen: list[int] = field(default_factory=list)
    exported_formats: set[str] = field(default_factory=set)


class WorkflowMachine(RuleBasedStateMachine):
    audiences = Bundle("audiences")
    submitted = Bundle("submitted")
    """Audiences whose submit succeeded once: approve draws from here more often."""
    approved = Bundle("approved")
    """Audiences approved once: export and drift draw from here more often."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="perimeter-sm-"))
        self.engine = FakeEngine(base=600)
        ws = workspace(reviewers=2)
        self.svc = service(self.tmp, CATALOG, self.engine, ws=ws, policy=POLICY)
        self.models: dict[int, Model] = {}
        self.names = 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _members(self, audience_id: int) -> list[int]:
        return self.engine.member_ids(self.svc.version(audience_id).rules)

    def _expect(self, condition: bool, what: str) -> None:
        if not condition:
            STATS["violations"] += 1
            raise AssertionError(what)

    def _check_state(self, audience_id: int) -> None:
        actual = self.svc.get(audience_id)
        model = self.models[audience_id]
        self._expect(actual.state.value == model.state, f"state {actual.state} != {model.state}")
        self._expect(actual.version == model.version, f"version {actual.version}")
        STATS["steps"] += 1

    @initialize(target=audiences)
    def first(self) -> int:
        return self.create(user="marketer", size=100)

    @initialize(target=approved)
    def exported_once(self) -> int:
        """Every run starts with the rare path walked once, so exports never depend on luck:
        a draft's export is blocked, then the audience is submitted, approved by a reviewer and
        exported, each step checked against the model like any drawn step."""
        audience_id = self.create(user="marketer", size=120)
        self.export(audience_id, "marketer", ExportFormat.CSV)
        self.submit(audience_id, "marketer", give_reason=False)
        self.approve(audience_id, "reviewer")
        self.export(audience_id, "marketer", ExportFormat.CSV)
        self._expect(self.models[audience_id].state == "exported", "the walked path exports")
        STATS["walked"] += 1
        return audience_id

    @rule(target=audiences, user=st.sampled_from(USERS), size=SIZES)
    def create(self, user: str, size: int) -> object:
        self.names += 1
        try:
            created = self.svc.create(user, f"a{self.names}", tree(size))
        except PermissionDeniedError:
            self._expect(user not in BUILDERS, "create refused to a builder")
            return multiple()
        self._expect(user in BUILDERS, "REVIEWER BUILT AN AUDIENCE")
        self.models[created.audience_id] = Model(owner=user, author=user, trees={1: size})
        self._check_state(created.audience_id)
        return created.audience_id

    def _may_change(self, audience_id: int, user: str) -> bool:
        return user in BUILDERS and user in (self.models[audience_id].owner, "admin")

    @rule(audience_id=audiences, user=st.sampled_from(USERS), size=SIZES)
    def edit(self, audience_id: int, user: str, size: int) -> None:
        try:
            self.svc.edit(user, audience_id, tree(size))
        except PermissionDeniedError:
            self._expect(not self._may_change(audience_id, user), "edit refused to the owner")
            return
        self._expect(self._may_change(audience_id, user), "SOMEONE ELSE EDITED THE AUDIENCE")
        model = self.models[audience_id]
        model.version += 1
        model.trees[model.version] = size
        self._new_draft(model, user)
        self._check_state(audience_id)

    @rule(audience_id=audiences, user=st.sampled_from(USERS), data=st.data())
    def rollback(self, audience_id: int, user: str, data: st.DataObject) -> None:
        model = self.models[audience_id]
        target = data.draw(st.integers(1, model.version))
        try:
            self.svc.rollback(user, audience_id, target)
        except PermissionDeniedError:
            self._expect(not self._may_change(audience_id, user), "rollback refused to the owner")
            return
        self._expect(self._may_change(audience_id, user), "SOMEONE ELSE ROLLED BACK")
        model.version += 1
        model.trees[model.version] = model.trees[target]
        self._new_draft(model, user)
        self._check_state(audience_id)

    def _new_draft(self, model: Model, user: str) -> None:
        model.author, model.state, model.requested_by, model.reason = user, "draft", None, None
        model.votes = set()

    def _assessment(self, audience_id: int) -> SizeAssessment:
        model = self.models[audience_id]
        earlier = [count for version, count in model.approvals if version < model.version]
        return assess_size(
            len(self._members(audience_id)), base=600, policy=POLICY,
            previous_approved=earlier[-1] if earlier else None,
        )  # fmt: skip

    @rule(
        target=submitted, audience_id=audiences, user=st.sampled_from(USERS),
        give_reason=st.booleans(),
    )  # fmt: skip
    def submit(self, audience_id: int, user: str, give_reason: bool) -> object:
        model = self.models[audience_id]
        reason = "campaign" if give_reason else None
        flagged = self._assessment(audience_id).flagged
        try:
            self.svc.submit(user, audience_id, reason=reason)
        except PermissionDeniedError:
            self._expect(not self._may_change(audience_id, user), "submit refused to the owner")
        except ReasonRequiredError:
            self._expect(model.state == "draft" and flagged and not reason, "reason error")
        except WorkflowError:
            self._expect(model.state != "draft", "submit refused from draft")
        else:
            self._expect(model.state == "draft" and (reason or not flagged), "submit accepted")
            self._expect(self._may_change(audience_id, user), "SOMEONE ELSE SUBMITTED")
            model.state, model.requested_by, model.reason = "pending_review", user, reason
            model.votes = set()
            self._check_state(audience_id)
            return audience_id
        self._check_state(audience_id)
        return multiple()

    @rule(target=approved, audience_id=audiences, user=st.sampled_from(USERS))
    def approve_any(self, audience_id: int, user: str) -> object:
        return self.approve(audience_id, user)

    @rule(target=approved, audience_id=submitted, user=st.sampled_from(APPROVER_BIAS))
    def approve_submitted(self, audience_id: int, user: str) -> object:
        return self.approve(audience_id, user)

    def approve(self, audience_id: int, user: str) -> object:
        model = self.models[audience_id]
        assessment = self._assessment(audience_id)
        try:
            outcome = self.svc.approve(user, audience_id, comment="checked")
        except FourEyesError:
            self._expect(user in (model.requested_by, model.author), "four-eyes refusal")
        except PermissionDeniedError:
            self._expect(user not in REVIEWERS, "role refusal")
        except ReasonRequiredError:
            self._expect(assessment.flagged and not model.reason, "reason refusal")
        except WorkflowError:
            self._expect(model.state != "pending_review" or user in model.votes, "state refusal")
        else:
            self._expect(model.state == "pending_review", "approved from the wrong state")
            self._expect(user not in (model.requested_by, model.author), "FOUR-EYES BROKEN")
            self._expect(user in REVIEWERS, "role not enforced")
            model.votes.add(user)
            done = len(model.votes) >= assessment.approvers_required
            self._expect(outcome.approved == done, "vote count")
            if done:
                model.state = "approved"
                model.approvals.append((model.version, assessment.count))
                model.frozen = self._members(audience_id)
                model.exported_formats = set()
                STATS["approvals"] += 1
                self._check_state(audience_id)
                return audience_id
        self._check_state(audience_id)
        return multiple()

    @rule(audience_id=audiences, user=st.sampled_from(USERS))
    def reject(self, audience_id: int, user: str) -> None:
        model = self.models[audience_id]
        try:
            self.svc.reject(user, audience_id, comment="no")
        except FourEyesError:
            self._expect(user in (model.requested_by, model.author), "reject four-eyes")
        except PermissionDeniedError:
            self._expect(user not in REVIEWERS, "reject role refusal")
        except WorkflowError:
            self._expect(model.state != "pending_review", "reject refused")
        else:
            self._expect(model.state == "pending_review", "rejected from the wrong state")
            self._expect(user in REVIEWERS, "reject role not enforced")
            model.state = "rejected"
        self._check_state(audience_id)

    @rule(audience_id=audiences, user=st.sampled_from(USERS))
    def withdraw(self, audience_id: int, user: str) -> None:
        model = self.models[audience_id]
        allowed = model.state == "pending_review" and user in (model.requested_by, "admin")
        try:
            self.svc.withdraw(user, audience_id)
        except WorkflowError:
            self._expect(not allowed, "withdraw refused")
        else:
            self._expect(allowed, "withdraw accepted")
            model.state = "draft"
        self._check_state(audience_id)

    @rule(audience_id=audiences, change=st.integers(0, 40))
    def drift_any(self, audience_id: int, change: int) -> None:
        self.drift(audience_id, change)

    @rule(audience_id=approved, change=st.integers(0, 40))
    def drift_approved(self, audience_id: int, change: int) -> None:
        self.drift(audience_id, change)

    def drift(self, audience_id: int, change: int) -> None:
        """The data changes under the current tree: ``change`` members swapped out."""
        current = self._members(audience_id)
        fresh = range(10_000 + change * 100, 10_000 + change * 101)
        self.engine.set_members(self.svc.version(audience_id).rules, [*current[change:], *fresh])

    @rule(audience_id=audiences, user=st.sampled_from(USERS), fmt=st.sampled_from(ExportFormat))
    def export_any(self, audience_id: int, user: str, fmt: ExportFormat) -> None:
        self.export(audience_id, user, fmt)

    @rule(audience_id=approved, user=st.sampled_from(USERS), fmt=st.sampled_from(ExportFormat))
    def export_approved(self, audience_id: int, user: str, fmt: ExportFormat) -> None:
        self.export(audience_id, user, fmt)

    def export(self, audience_id: int, user: str, fmt: ExportFormat) -> None:
        model = self.models[audience_id]
        approval_id = self.svc.get(audience_id).approval_id
        current = set(self._members(audience_id))
        drift = len(current ^ set(model.frozen)) / max(len(model.frozen), 1)
        approved = model.state in ("approved", "exported")
        reuse = approved and fmt.value in model.exported_formats
        try:
            result = export_audience(self.svc, user, audience_id, fmt, out_dir=self.tmp / "out")
        except PermissionDeniedError:
            self._expect(user not in BUILDERS, "export refused to a marketer")
            return
        except ExportBlockedError:
            STATS["blocked_exports"] += 1
            self._expect(not approved or (not reuse and drift > POLICY.drift_tolerance), "block")
            if approved:
                model.state, model.votes = "pending_review", set()
            self._check_state(audience_id)
            return
        self._expect(approved, "EXPORTED WITHOUT APPROVAL")
        self._expect(user in BUILDERS, "A REVIEWER EXPORTED")
        self._expect(result.reused == reuse, "idempotency")
        self._expect(reuse or drift <= POLICY.drift_tolerance, "DRIFT ABOVE TOLERANCE EXPORTED")
        self._check_export_binding(audience_id, approval_id, result)
        model.state = "exported"
        model.exported_formats.add(fmt.value)
        STATS["exports"] += 1
        self._check_state(audience_id)

    def _check_export_binding(
        self, audience_id: int, approval_id: int | None, result: ExportResult
    ) -> None:
        audience = self.svc.get(audience_id)
        approval = self.svc.approval(approval_id or 0)
        rules = self.svc.version(audience_id).rules
        frozen = self.svc.approved_members(approval.approval_id)
        self._expect(frozen == self.models[audience_id].frozen, "frozen list changed")
        self._expect(approval.valid and approval.version == audience.version, "STALE APPROVAL")
        self._expect(result.manifest["approval"]["approval_id"] == approval.approval_id, "id")
        self._expect(
            not set(approval.approvers) & {approval.requested_by, audience.version_author},
            "FOUR-EYES BROKEN AT EXPORT",
        )
        expected_fp = approval_fingerprint(
            definition_fingerprint(rules, {}), approval.snapshot_id, members_digest(frozen)
        )
        self._expect(approval.fingerprint == expected_fp, "FINGERPRINT MISMATCH")
        exported = set(pq_or_csv_ids(result.path))
        self._expect(exported <= set(frozen), "EXPORTED A MEMBER NOT APPROVED")
        self._expect(len(exported) == result.row_count, "row count")

    @invariant()
    def audit_chain_verifies(self) -> None:
        self._expect(audit.verify(self.svc.store).ok, "audit chain broken")


@pytest.mark.slow
def test_workflow_state_machine() -> None:
    for key in STATS:
        STATS[key] = 0
    run_state_machine_as_test(
        WorkflowMachine,
        settings=settings(
            max_examples=100, stateful_step_count=50, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )  # fmt: skip
    print(f"\nworkflow state machine: {STATS}")
    assert STATS["violations"] == 0
    assert STATS["steps"] > 500
    assert STATS["exports"] > 0 and STATS["blocked_exports"] > 0 and STATS["approvals"] > 0
    # One of each per example by construction (``exported_once``), more when drawn.
    walked = STATS["walked"]
    assert walked > 0
    assert min(STATS["exports"], STATS["blocked_exports"], STATS["approvals"]) >= walked
