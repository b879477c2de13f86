"""Recording an approval: the four-eyes vote and update, bound to a fingerprint.

The fingerprint an approval binds to is sha256(rules fingerprint | data snapshot id | sha256 of
the frozen sorted member list). The rules fingerprint covers the audience's tree and every saved
segment it uses (``definition_fingerprint``), so editing a used segment also breaks the binding.

Four-eyes is enforced by the SQL itself (``GUARD``): the vote is an ``INSERT … SELECT`` that only
inserts while the audience is pending review and the approver is neither the requester nor the
version's author; the approval is an ``UPDATE`` with the same guard and a count of distinct valid
votes. Both run inside the caller's ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from audience.errors import (
    CommentRequiredError,
    FourEyesError,
    PermissionDeniedError,
    ReasonRequiredError,
    WorkflowError,
)
from audience.rules.tree import RuleTree, SegmentRef
from audience.workflow import audit
from audience.workflow.flag_words import figures_in_words
from audience.workflow.policy import SizeAssessment
from audience.workflow.records import (
    ApprovalOutcome,
    AudienceRecord,
    Segments,
    approval_from_row,
    load_audience,
    require_changed,
)
from audience.workflow.store import freeze_members, members_digest, utc_now
from audience.workflow.workspace import Permission, User
from languages import Wording, say
from schema_catalog import ProfileKey

GUARD = "requested_by <> :who AND version_author <> :who"


def definition_fingerprint(tree: RuleTree, segments: Segments) -> str:
    """sha256 of the tree's fingerprint and of every saved segment it uses (transitively)."""
    parts = [tree.fingerprint()]
    seen: set[str] = set()
    todo = [tree]
    while todo:
        for _, node in todo.pop().walk():
            if isinstance(node, SegmentRef) and node.segment not in seen:
                seen.add(node.segment)
                if node.segment in segments:
                    todo.append(segments[node.segment])
    parts += [f"{n}={segments[n].fingerprint()}" for n in sorted(seen) if n in segments]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def approval_fingerprint(rules_fingerprint: str, snapshot_id: str, members_sha256: str) -> str:
    """The fingerprint an approval binds to: rules + data snapshot + frozen member list."""
    return hashlib.sha256(
        f"{rules_fingerprint}|{snapshot_id}|{members_sha256}".encode()
    ).hexdigest()


class FrozenMembers:
    """What an approver's check computed before taking the write lock."""

    def __init__(
        self, rules_fp: str, snapshot: str, members: list[ProfileKey], assessment: SizeAssessment
    ) -> None:
        self.rules_fp, self.snapshot, self.members = rules_fp, snapshot, members
        self.assessment = assessment
        self.digest = members_digest(members)
        self.fingerprint = approval_fingerprint(rules_fp, snapshot, self.digest)


def record_approval(
    conn: sqlite3.Connection, audience: AudienceRecord, user: User, comment: str | None,
    frozen: FrozenMembers,
) -> ApprovalOutcome:  # fmt: skip
    key = {"id": audience.audience_id, "version": audience.version, "who": user.name,
           "round": audience.review_round}  # fmt: skip
    try:
        voted = conn.execute(
            "INSERT INTO approval_votes (audience_id, version, review_round, approver, comment,"
            " created_at) SELECT audience_id, current_version, review_round, :who, :comment, :now"
            " FROM audiences WHERE audience_id = :id AND current_version = :version"
            f" AND review_round = :round AND state = 'pending_review' AND {GUARD}",
            {**key, "comment": comment, "now": utc_now()},
        ).rowcount
    except sqlite3.IntegrityError as error:
        message = say("already_approved", user=user.name, audience=audience.name)
        raise WorkflowError(message, hint=say("second_approver_needed")) from error
    require_changed(conn, voted, audience, "approve")
    votes = _votes(conn, key)
    required = frozen.assessment.approvers_required
    if len(votes) < required:
        audit.append_entry(
            conn, user.name, "approve_vote", audience_id=audience.audience_id,
            version=audience.version,
            details={"comment": comment, "votes": list(votes), "required": required},
        )  # fmt: skip
        return ApprovalOutcome(
            load_audience(conn, audience.audience_id), False, votes, required, None
        )
    approval_id = _insert_approval(conn, audience, votes, frozen)
    changed = conn.execute(
        "UPDATE audiences SET state = 'approved', approval_id = :approval, review_comment ="
        " :comment, updated_at = :now WHERE audience_id = :id AND current_version = :version"
        f" AND review_round = :round AND state = 'pending_review' AND {GUARD}"
        " AND (SELECT COUNT(DISTINCT v.approver) FROM approval_votes v"
        "  WHERE v.audience_id = :id AND v.version = :version AND v.review_round = :round"
        "  AND v.approver <> audiences.requested_by"
        "  AND v.approver <> audiences.version_author) >= :required",
        {**key, "approval": approval_id, "comment": comment, "now": utc_now(),
         "required": required},
    ).rowcount  # fmt: skip
    require_changed(conn, changed, audience, "approve")
    audit.append_entry(
        conn, user.name, "approve", audience_id=audience.audience_id, version=audience.version,
        details={"comment": comment, "approval_id": approval_id, "approvers": list(votes),
                 "fingerprint": frozen.fingerprint, "rules_fingerprint": frozen.rules_fp,
                 "snapshot_id": frozen.snapshot, "members_sha256": frozen.digest,
                 "member_count": len(frozen.members), "flags": flag_details(frozen.assessment)},
    )  # fmt: skip
    approval = approval_from_row(
        conn.execute("SELECT * FROM approvals WHERE approval_id = ?", (approval_id,)).fetchone()
    )
    return ApprovalOutcome(
        load_audience(conn, audience.audience_id), True, votes, required, approval
    )


def _insert_approval(
    conn: sqlite3.Connection,
    audience: AudienceRecord,
    votes: tuple[str, ...],
    frozen: FrozenMembers,
) -> int:
    cursor = conn.execute(
        "INSERT INTO approvals (audience_id, version, review_round, requested_by,"
        " approvers_json, rules_fingerprint, snapshot_id, members_sha256, member_count,"
        " members_blob, fingerprint, assessment_json, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (audience.audience_id, audience.version, audience.review_round,
         audience.requested_by or "", json.dumps(list(votes)), frozen.rules_fp, frozen.snapshot,
         frozen.digest, len(frozen.members), freeze_members(frozen.members), frozen.fingerprint,
         frozen.assessment.model_dump_json(), utc_now()),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def _votes(conn: sqlite3.Connection, key: dict[str, object]) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT approver FROM approval_votes WHERE audience_id = :id AND version = :version"
        " AND review_round = :round ORDER BY vote_id",
        key,
    ).fetchall()
    return tuple(row[0] for row in rows)


def flag_details(assessment: SizeAssessment) -> list[audit.JsonValue]:
    return [
        {"code": f.code.value, "value": f.value, "threshold": f.threshold} for f in assessment.flags
    ]


def check_four_eyes(audience: AudienceRecord, user: User) -> None:
    """Early, readable refusal; the SQL ``GUARD`` enforces the same rule under the lock."""
    if user.name in (audience.requested_by, audience.version_author):
        message = say(
            "own_request", user=user.name, version=str(audience.version), audience=audience.name
        )
        raise FourEyesError(message, hint=say("another_person_decides"))


def check_review_role(audience: AudienceRecord, user: User) -> None:
    """Only users with the review permission decide on a request (marketers build and submit)."""
    if not user.can(Permission.REVIEW):
        message = say(
            "may_not_review", user=user.name, role=user.role.value, audience=audience.name
        )
        raise PermissionDeniedError(message, hint=say("ask_a_reviewer"))


def check_reviewer(audience: AudienceRecord, user: User, a: SizeAssessment) -> None:
    """A flagged audience needs a reviewer or admin, and a written reason on the request."""
    if not a.flagged:
        return
    check_review_role(audience, user)
    if not (audience.request_reason and audience.request_reason.strip()):
        message = say("flagged_without_reason", audience=audience.name, figures=figures_in_words(a))
        raise ReasonRequiredError(message, hint=say("reject_for_a_reason"))


def check_comment(comment: str | None, decision: Wording) -> None:
    """Every rejection and every approval of a flagged audience carries a written comment;
    ``decision`` says which (its key is the error's code)."""
    if not (comment and comment.strip()):
        raise CommentRequiredError(decision, hint=say("say_why_in_comment"))
