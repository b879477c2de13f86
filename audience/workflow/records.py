"""What the workflow reads back from the store: frozen records, one per table row.

Also the engine interface the workflow and the export need (``AudienceEngineLike``): the real
``audience.engine.AudienceEngine`` satisfies it, and tests may pass a small fake where the engine
is not the thing under test.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import pyarrow as pa

from audience.errors import StaleApprovalError, UnknownAudienceError, WorkflowError
from audience.rules.tree import RuleTree, rule_tree_from_json
from audience.workflow.policy import SizeAssessment
from audience.workflow.store import utc_now
from languages import say
from schema_catalog import ProfileKey


class AudienceState(StrEnum):
    """draft → pending_review → approved | rejected; approved → exported."""

    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPORTED = "exported"


ANALYSIS_ONLY = "analysis only"
"""How an audience without a channel (a saved segment) is shown."""


class CountLike(Protocol):
    @property
    def count(self) -> int: ...


class WaterfallLike(Protocol):
    @property
    def matched(self) -> int: ...
    @property
    def consented(self) -> int: ...
    @property
    def not_suppressed(self) -> int: ...
    @property
    def contactable(self) -> int: ...


Segments = Mapping[str, RuleTree]


class AudienceEngineLike(Protocol):
    """The part of ``audience.engine.AudienceEngine`` the workflow and the export use."""

    def count(self, tree: RuleTree, *, segments: Segments | None = None) -> CountLike: ...

    def member_ids(
        self, tree: RuleTree, *, segments: Segments | None = None
    ) -> list[ProfileKey]: ...

    def member_batches(
        self, tree: RuleTree, *, segments: Segments | None = None, batch_size: int = 10_000
    ) -> Iterator[list[ProfileKey]]:
        """The same keys as ``member_ids``, streamed in batches of at most ``batch_size``."""
        ...

    def waterfall(
        self, tree: RuleTree, channel: str, *, segments: Segments | None = None
    ) -> WaterfallLike: ...

    def eligible_contacts(self, channel: str, member_ids: Sequence[ProfileKey]) -> pa.Table: ...

    def snapshot_id(self) -> str: ...

    def data_identity(self) -> dict[str, object]:
        """What data is read (e.g. path, inode, size, mtime) and ``current``: True if it is still
        the data the configuration points at (a replaced file makes it False)."""
        ...


@dataclass(frozen=True)
class AudienceRecord:
    """An audience and the review state of its current version."""

    audience_id: int
    name: str
    owner: str
    channel: str | None
    """A channel of the catalog; None for an analysis-only saved segment."""
    expected_size: int | None
    request_text: str | None
    version: int
    version_author: str
    state: AudienceState
    review_round: int
    requested_by: str | None
    request_reason: str | None
    assessment: SizeAssessment | None
    review_comment: str | None
    approval_id: int | None
    created_at: str
    updated_at: str

    @property
    def channel_label(self) -> str:
        return self.channel or ANALYSIS_ONLY


@dataclass(frozen=True)
class VersionRecord:
    """One immutable version of an audience's rule tree."""

    audience_id: int
    version: int
    rules: RuleTree
    fingerprint: str
    author: str
    note: str | None
    based_on: int | None
    created_at: str


@dataclass(frozen=True)
class ApprovalRecord:
    """An approval, bound to rules + data snapshot + frozen member list (its ``fingerprint``)."""

    approval_id: int
    audience_id: int
    version: int
    review_round: int
    requested_by: str
    approvers: tuple[str, ...]
    rules_fingerprint: str
    snapshot_id: str
    members_sha256: str
    member_count: int
    fingerprint: str
    assessment: SizeAssessment
    created_at: str
    invalidated_at: str | None
    invalidated_reason: str | None

    @property
    def valid(self) -> bool:
        return self.invalidated_at is None


@dataclass(frozen=True)
class ApprovalOutcome:
    """Result of one approval: either final (``approved``) or a first of two required votes."""

    audience: AudienceRecord
    approved: bool
    votes: tuple[str, ...]
    approvers_required: int
    approval: ApprovalRecord | None


def _assessment(text: str | None) -> SizeAssessment | None:
    return SizeAssessment.model_validate_json(text) if text else None


def audience_from_row(row: sqlite3.Row) -> AudienceRecord:
    """Build an ``AudienceRecord`` from an ``audiences`` row."""
    return AudienceRecord(
        audience_id=row["audience_id"], name=row["name"], owner=row["owner"],
        channel=row["channel"], expected_size=row["expected_size"],
        request_text=row["request_text"], version=row["current_version"],
        version_author=row["version_author"], state=AudienceState(row["state"]),
        review_round=row["review_round"], requested_by=row["requested_by"],
        request_reason=row["request_reason"], assessment=_assessment(row["assessment_json"]),
        review_comment=row["review_comment"], approval_id=row["approval_id"],
        created_at=row["created_at"], updated_at=row["updated_at"],
    )  # fmt: skip


def version_from_row(row: sqlite3.Row) -> VersionRecord:
    """Build a ``VersionRecord`` from a ``versions`` row."""
    return VersionRecord(
        audience_id=row["audience_id"], version=row["version"],
        rules=rule_tree_from_json(row["rules_json"]), fingerprint=row["fingerprint"],
        author=row["author"], note=row["note"], based_on=row["based_on"],
        created_at=row["created_at"],
    )  # fmt: skip


def approval_from_row(row: sqlite3.Row) -> ApprovalRecord:
    """Build an ``ApprovalRecord`` from an ``approvals`` row (without the member blob)."""
    assessment = SizeAssessment.model_validate_json(row["assessment_json"])
    return ApprovalRecord(
        approval_id=row["approval_id"], audience_id=row["audience_id"], version=row["version"],
        review_round=row["review_round"], requested_by=row["requested_by"],
        approvers=tuple(json.loads(row["approvers_json"])),
        rules_fingerprint=row["rules_fingerprint"], snapshot_id=row["snapshot_id"],
        members_sha256=row["members_sha256"], member_count=row["member_count"],
        fingerprint=row["fingerprint"], assessment=assessment, created_at=row["created_at"],
        invalidated_at=row["invalidated_at"], invalidated_reason=row["invalidated_reason"],
    )  # fmt: skip


def load_audience(conn: sqlite3.Connection, audience_id: int) -> AudienceRecord:
    row = conn.execute("SELECT * FROM audiences WHERE audience_id = ?", (audience_id,)).fetchone()
    if row is None:
        message = say("no_audience_id", audience_id=str(audience_id))
        raise UnknownAudienceError(message, hint=say("see_audience_list"))
    return audience_from_row(row)


def load_version(conn: sqlite3.Connection, audience_id: int, version: int) -> VersionRecord:
    row = conn.execute(
        "SELECT * FROM versions WHERE audience_id = ? AND version = ?", (audience_id, version)
    ).fetchone()
    if row is None:
        message = say("no_such_version", audience_id=str(audience_id), version=str(version))
        raise UnknownAudienceError(message, hint=say("see_audience_history"))
    return version_from_row(row)


def insert_version(
    conn: sqlite3.Connection, audience_id: int, version: int, rules: RuleTree, author: str,
    note: str | None, based_on: int | None,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO versions (audience_id, version, rules_json, fingerprint, author, note,"
        " based_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (audience_id, version, rules.canonical_json(), rules.fingerprint(), author, note,
         based_on, utc_now()),
    )  # fmt: skip


def require_changed(
    conn: sqlite3.Connection, changed: int, before: AudienceRecord, action: str
) -> None:
    """Zero rows changed means someone else moved the audience first: say how, and stop."""
    if changed:
        return
    now = load_audience(conn, before.audience_id)
    message = say(
        "changed_meanwhile", action=action, audience=before.name, version=str(now.version),
        state=now.state.value, round=str(now.review_round),
    )  # fmt: skip
    raise StaleApprovalError(message, hint=say("reload_and_retry"))


def expect_state(audience: AudienceRecord, action: str, states: Iterable[AudienceState]) -> None:
    """Raise ``WorkflowError`` unless the audience is in one of ``states``."""
    allowed = set(states)
    if audience.state not in allowed:
        names = {"action": action, "audience": audience.name}
        message = say("wrong_state", state=audience.state.value, **names)
        needed = " | ".join(sorted(s.value for s in allowed))
        raise WorkflowError(message, hint=say("needs_state", state=needed, **names))
