"""The approval workflow: versioned audiences, review, four-eyes approval bound to a fingerprint.

States: draft → pending_review → approved | rejected; approved → exported; withdraw sends a
pending request back to draft; any edit (or rollback, which copies an earlier version) makes a
new version in draft. A drift found at export sends the audience back to pending_review.

Four-eyes lives in SQL: the vote is an ``INSERT … SELECT … WHERE state = 'pending_review' AND
requested_by <> :approver AND version_author <> :approver`` and the approval an ``UPDATE`` with
the same guard plus a count of distinct votes, both inside one ``BEGIN IMMEDIATE`` transaction,
so two concurrent approvals cannot both win. Only reviewers and admins approve or reject;
flagged audiences also need the requester's written reason; above the hard ceiling two distinct
approvers, neither the requester nor the version's author.
"""

from __future__ import annotations

import sqlite3

from audience.errors import (
    PermissionDeniedError,
    RuleValidationError,
    StaleApprovalError,
    WorkflowError,
)
from audience.rules.tree import Group, RuleTree
from audience.validate.validator import validate_rules
from audience.workflow import audit
from audience.workflow.approval import (
    GUARD,
    FrozenMembers,
    check_comment,
    check_four_eyes,
    check_review_role,
    check_reviewer,
    definition_fingerprint,
    flag_details,
    record_approval,
)
from audience.workflow.checks import (
    check_audience_name,
    check_note,
    check_owner,
    check_reason,
    recent_approvals,
)
from audience.workflow.policy import RecentApproval, SizeAssessment, assess_size
from audience.workflow.reads import AudienceReads
from audience.workflow.records import (
    ApprovalOutcome,
    AudienceRecord,
    AudienceState,
    Segments,
    expect_state,
    insert_version,
    load_audience,
    require_changed,
)
from audience.workflow.store import utc_now
from audience.workflow.workspace import Permission, Role, User
from languages import say
from schema_catalog import ProfileKey, has_errors


class AudienceService(AudienceReads):
    """Every workflow action; each state change is one transaction with its audit entry."""

    # -- changes -------------------------------------------------------------------------------

    def create(
        self, actor: str, name: str, rules: RuleTree, *, channel: str | None = None,
        expected_size: int | None = None, request_text: str | None = None,
    ) -> AudienceRecord:  # fmt: skip
        """Create an audience (version 1, draft); ``channel`` None and no tree channel = segment."""
        user = self._user(actor)
        user.require(Permission.BUILD, "create audiences or segments")
        name = check_audience_name(name)
        check_note(request_text, "request")
        chosen = channel or (rules.channel or None)
        if chosen is not None:
            self.catalog.channel(chosen)
        rules = rules.ranked_for(chosen)
        self._check_rules(rules)
        now = utc_now()
        with self.store.transaction() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO audiences (name, owner, channel, expected_size, request_text,"
                    " current_version, version_author, state, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, 1, ?, 'draft', ?, ?)",
                    (name, user.name, chosen, expected_size, request_text, user.name, now, now),
                )
            except sqlite3.IntegrityError as error:
                message = say("audience_name_taken", name=name)
                raise WorkflowError(message, hint=say("choose_another_name")) from error
            audience_id = int(cursor.lastrowid or 0)
            insert_version(conn, audience_id, 1, rules, user.name, None, None)
            audit.append_entry(
                conn, user.name, "create", audience_id=audience_id, version=1,
                details={"name": name, "channel": chosen, "fingerprint": rules.fingerprint(),
                         "expected_size": expected_size, "rules": rules.model_dump(mode="json")},
            )  # fmt: skip
            return load_audience(conn, audience_id)

    def edit(
        self, actor: str, audience_id: int, rules: RuleTree, *, note: str | None = None
    ) -> AudienceRecord:
        """Save ``rules`` as a new version, in draft (from any state; an approval is dropped)."""
        rules = rules.ranked_for(self.get(audience_id).channel)
        self._check_rules(rules)
        return self._new_version(actor, audience_id, rules, "edit", note=note, based_on=None)

    def rollback(self, actor: str, audience_id: int, version: int) -> AudienceRecord:
        """Copy an earlier version into a new draft version."""
        earlier = self.version(audience_id, version)
        return self._new_version(
            actor,
            audience_id,
            earlier.rules,
            "rollback",
            note=f"rollback to v{version}",
            based_on=version,
        )

    def submit(self, actor: str, audience_id: int, *, reason: str | None = None) -> AudienceRecord:
        """Send the draft for review; a flagged size needs a written ``reason``."""
        user = self._user(actor)
        audience, current = self.get(audience_id), self.version(audience_id)
        check_owner(audience, user, "submit")
        check_note(reason, "reason")
        expect_state(audience, "submit", {AudienceState.DRAFT})
        self._check_rules(current.rules)
        assessment = self.assess_rules(audience, current.rules, requester=user.name)
        check_reason(reason, assessment, audience)
        with self.store.transaction() as conn:
            changed = conn.execute(
                "UPDATE audiences SET state = 'pending_review', requested_by = ?,"
                " request_reason = ?, assessment_json = ?, review_comment = NULL,"
                " review_round = review_round + 1, updated_at = ?"
                " WHERE audience_id = ? AND current_version = ? AND state = 'draft'",
                (user.name, reason, assessment.model_dump_json(), utc_now(), audience_id,
                 audience.version),
            ).rowcount  # fmt: skip
            require_changed(conn, changed, audience, "submit")
            audit.append_entry(
                conn,
                user.name,
                "submit",
                audience_id=audience_id,
                version=audience.version,
                details={
                    "reason": reason,
                    "count": assessment.count,
                    "flags": flag_details(assessment),
                },
            )
            return load_audience(conn, audience_id)

    def withdraw(self, actor: str, audience_id: int) -> AudienceRecord:
        """Take a pending request back to draft (the requester, or an admin)."""
        user = self._user(actor)
        audience = self.get(audience_id)
        expect_state(audience, "withdraw", {AudienceState.PENDING_REVIEW})
        with self.store.transaction() as conn:
            changed = conn.execute(
                "UPDATE audiences SET state = 'draft', updated_at = ? WHERE audience_id = ?"
                " AND current_version = ? AND state = 'pending_review'"
                " AND (requested_by = ? OR ?)",
                (utc_now(), audience_id, audience.version, user.name, user.role is Role.ADMIN),
            ).rowcount
            if not changed and audience.requested_by != user.name and user.role is not Role.ADMIN:
                message = say(
                    "only_requester_withdraws", requester=str(audience.requested_by),
                    audience=audience.name, user=user.name,
                )  # fmt: skip
                raise PermissionDeniedError(message)
            require_changed(conn, changed, audience, "withdraw")
            audit.append_entry(
                conn, user.name, "withdraw", audience_id=audience_id, version=audience.version
            )
            return load_audience(conn, audience_id)

    def reject(self, actor: str, audience_id: int, *, comment: str | None = None) -> AudienceRecord:
        """Reject the pending request (never by the requester or the version's author)."""
        user = self._user(actor)
        check_note(comment, "comment")
        audience = self.get(audience_id)
        expect_state(audience, "reject", {AudienceState.PENDING_REVIEW})
        check_four_eyes(audience, user)
        check_review_role(audience, user)
        check_comment(comment, say("rejection_needs_comment", audience=audience.name))
        with self.store.transaction() as conn:
            changed = conn.execute(
                "UPDATE audiences SET state = 'rejected', review_comment = :comment,"
                " updated_at = :now WHERE audience_id = :id AND current_version = :version"
                f" AND state = 'pending_review' AND {GUARD}",
                {"comment": comment, "now": utc_now(), "id": audience_id,
                 "version": audience.version, "who": user.name},
            ).rowcount  # fmt: skip
            require_changed(conn, changed, audience, "reject")
            audit.append_entry(
                conn,
                user.name,
                "reject",
                audience_id=audience_id,
                version=audience.version,
                details={"comment": comment},
            )
            return load_audience(conn, audience_id)

    def approve(
        self, actor: str, audience_id: int, *, comment: str | None = None,
        expected_version: int | None = None,
    ) -> ApprovalOutcome:  # fmt: skip
        """Approve the current version, freezing its members; see the module doc for who may."""
        user = self._user(actor)
        audience = self.get(audience_id)
        expect_state(audience, "approve", {AudienceState.PENDING_REVIEW})
        if expected_version is not None and expected_version != audience.version:
            message = say(
                "version_moved", audience=audience.name, version=str(audience.version),
                expected=str(expected_version),
            )  # fmt: skip
            raise StaleApprovalError(message, hint=say("review_current_version"))
        check_four_eyes(audience, user)
        check_review_role(audience, user)
        check_note(comment, "comment")
        audit.require_intact(self.store)
        rules = self.version(audience_id).rules
        segments = self.saved_segments()
        members = self.engine.member_ids(rules, segments=segments)
        snapshot = self.engine.snapshot_id()
        requester = audience.requested_by or audience.owner
        reached = self.reach(rules, audience.channel, segments=segments)
        assessment = self.assess(audience, reached, members=members, requester=requester)
        check_reviewer(audience, user, assessment)
        if assessment.flagged:
            check_comment(comment, say("flagged_approval_needs_comment", audience=audience.name))
        frozen = FrozenMembers(
            definition_fingerprint(rules, segments), snapshot, members, assessment
        )
        with self.store.transaction() as conn:
            return record_approval(conn, audience, user, comment, frozen)

    def invalidate_approval(self, actor: str, approval_id: int, reason: str) -> AudienceRecord:
        """Void an approval (e.g. drift found at export): back to pending_review, new round."""
        approval = self.approval(approval_id)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE approvals SET invalidated_at = ?, invalidated_reason = ?"
                " WHERE approval_id = ? AND invalidated_at IS NULL",
                (utc_now(), reason, approval_id),
            )
            changed = conn.execute(
                "UPDATE audiences SET state = 'pending_review', approval_id = NULL,"
                " review_round = review_round + 1, updated_at = ?"
                " WHERE approval_id = ? AND state IN ('approved', 'exported')",
                (utc_now(), approval_id),
            ).rowcount
            audit.append_entry(
                conn,
                actor,
                "approval_invalidated",
                audience_id=approval.audience_id,
                version=approval.version,
                details={"approval_id": approval_id, "reason": reason, "state_changed": changed},
            )
            return load_audience(conn, approval.audience_id)

    def reach(
        self, rules: RuleTree, channel: str | None, *, segments: Segments | None = None
    ) -> int:
        """The number the size policy judges: who will receive it on ``channel`` (matched,
        consented, not suppressed, with a contact: what an export holds); for an analysis-only
        segment (no channel), everyone matched."""
        used = self.saved_segments() if segments is None else segments
        if channel is None:
            return self.engine.count(rules, segments=used).count
        return self.engine.waterfall(rules, channel, segments=used).contactable

    def assess(
        self, audience: AudienceRecord, count: int, *, members: list[ProfileKey] | None = None,
        requester: str | None = None,
    ) -> SizeAssessment:  # fmt: skip
        """The size flags of ``count`` (from ``reach``) for this audience (base, previous
        approval, expected, and — given its ``members`` and ``requester`` — the requester's
        recent approvals on the same channel)."""
        recent: tuple[RecentApproval, ...] = ()
        reached: int | None = None
        if members is not None and requester is not None and audience.channel is not None:
            with self.store.connect() as conn:
                recent, reached = recent_approvals(
                    conn, audience, requester, self.policy.cumulative_window_days, members
                )
        return assess_size(
            count, base=self.base_count(), policy=self.policy, expected=audience.expected_size,
            previous_approved=self._previous_approved(audience), recent=recent, reached=reached,
        )  # fmt: skip

    def assess_rules(
        self, audience: AudienceRecord, rules: RuleTree, *, requester: str
    ) -> SizeAssessment:
        """What ``submit`` judges: the reach of ``rules`` on the audience's channel, its flags,
        and the requester's recent approvals on that channel (a draft's preview uses it too)."""
        segments = self.saved_segments()
        members = self.engine.member_ids(rules, segments=segments)
        count = self.reach(rules, audience.channel, segments=segments)
        return self.assess(audience, count, members=members, requester=requester)

    def preview_size(self, count: int, expected: int | None = None) -> SizeAssessment:
        """The size flags ``count`` would trip before there is an audience (the submit form)."""
        return assess_size(count, base=self.base_count(), policy=self.policy, expected=expected)

    def base_count(self) -> int:
        """Every profile of the data: the base the share-of-base size check divides by."""
        return self.engine.count(RuleTree(root=Group())).count

    # -- helpers -------------------------------------------------------------------------------

    def _previous_approved(self, audience: AudienceRecord) -> int | None:
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT assessment_json FROM approvals WHERE audience_id = ? AND version < ?"
                " ORDER BY approval_id DESC LIMIT 1",
                (audience.audience_id, audience.version),
            ).fetchone()
        # The approved figure is the one the policy judged then (``reach``), not the raw matches.
        return None if row is None else SizeAssessment.model_validate_json(row[0]).count

    def _user(self, name: str) -> User:
        return self.workspace.user(name)

    def _check_rules(self, rules: RuleTree) -> None:
        issues = validate_rules(rules, self.catalog, segments=self.saved_segments())
        if has_errors(issues):
            raise RuleValidationError(issues)

    def _new_version(
        self, actor: str, audience_id: int, rules: RuleTree, action: str, *,
        note: str | None, based_on: int | None,
    ) -> AudienceRecord:  # fmt: skip
        user = self._user(actor)
        check_owner(self.get(audience_id), user, action)
        check_note(note, "note")
        with self.store.transaction() as conn:
            before = load_audience(conn, audience_id)
            number = before.version + 1
            insert_version(conn, audience_id, number, rules, user.name, note, based_on)
            conn.execute(
                "UPDATE audiences SET current_version = ?, version_author = ?, state = 'draft',"
                " requested_by = NULL, request_reason = NULL, assessment_json = NULL,"
                " review_comment = NULL, approval_id = NULL, updated_at = ?"
                " WHERE audience_id = ?",
                (number, user.name, utc_now(), audience_id),
            )
            audit.append_entry(
                conn, user.name, action, audience_id=audience_id, version=number,
                details={"from_state": before.state.value, "from_version": before.version,
                         "based_on": based_on, "note": note, "fingerprint": rules.fingerprint(),
                         "rules": rules.model_dump(mode="json")},
            )  # fmt: skip
            return load_audience(conn, audience_id)
