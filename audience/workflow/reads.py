"""Reading the state store: audiences, versions, approvals, votes, decisions, saved segments.

``AudienceService`` (``audience.workflow.service``) adds every state change on top of these.
"""

from __future__ import annotations

from typing import Any, Literal

from audience.errors import UnknownAudienceError
from audience.rules.tree import RuleTree
from audience.workflow import audit
from audience.workflow.decisions import Decision, Vote, decision_from_entry
from audience.workflow.records import (
    ApprovalRecord,
    AudienceEngineLike,
    AudienceRecord,
    AudienceState,
    VersionRecord,
    approval_from_row,
    audience_from_row,
    load_audience,
    load_version,
    version_from_row,
)
from audience.workflow.store import Store, thaw_members
from audience.workflow.workspace import Workspace
from languages import say
from schema_catalog import Catalog, GuardrailPolicy, ProfileKey


class AudienceReads:
    """The workspace's store, catalog, engine and users, and every read of the store."""

    def __init__(
        self, store: Store, catalog: Catalog, engine: AudienceEngineLike, workspace: Workspace
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.engine = engine
        self.workspace = workspace

    @property
    def policy(self) -> GuardrailPolicy:
        """The catalog's size policy with the workspace overrides."""
        return self.workspace.effective_policy(self.catalog.policy)

    def get(self, audience_id: int) -> AudienceRecord:
        """The audience; raises ``UnknownAudienceError``."""
        with self.store.connect() as conn:
            return load_audience(conn, audience_id)

    def get_by_name(self, name: str) -> AudienceRecord:
        """The audience called ``name``; raises ``UnknownAudienceError``."""
        with self.store.connect() as conn:
            row = conn.execute("SELECT * FROM audiences WHERE name = ?", (name,)).fetchone()
        if row is None:
            message = say("no_audience_named", name=name)
            raise UnknownAudienceError(message, hint=say("see_audience_list"))
        return audience_from_row(row)

    def list_audiences(self, *, state: AudienceState | None = None) -> list[AudienceRecord]:
        """Every audience (optionally in one state), by id."""
        with self.store.connect() as conn:
            rows = conn.execute("SELECT * FROM audiences ORDER BY audience_id").fetchall()
        found = [audience_from_row(row) for row in rows]
        return [a for a in found if state is None or a.state is state]

    def version(self, audience_id: int, version: int | None = None) -> VersionRecord:
        """One version (default: the current one); raises ``UnknownAudienceError``."""
        with self.store.connect() as conn:
            number = version if version is not None else load_audience(conn, audience_id).version
            return load_version(conn, audience_id, number)

    def versions(self, audience_id: int) -> list[VersionRecord]:
        """Every version of the audience, oldest first."""
        with self.store.connect() as conn:
            load_audience(conn, audience_id)
            rows = conn.execute(
                "SELECT * FROM versions WHERE audience_id = ? ORDER BY version", (audience_id,)
            ).fetchall()
        return [version_from_row(row) for row in rows]

    def approval(self, approval_id: int) -> ApprovalRecord:
        """One approval record (valid or invalidated)."""
        return approval_from_row(self._approval_row(approval_id, "*"))

    def approved_members(self, approval_id: int) -> list[ProfileKey]:
        """The frozen, sorted member keys of an approval."""
        return thaw_members(self._approval_row(approval_id, "members_blob")[0])

    def _approval_row(self, approval_id: int, columns: Literal["*", "members_blob"]) -> Any:
        with self.store.connect() as conn:
            row = conn.execute(
                f"SELECT {columns} FROM approvals WHERE approval_id = ?", (approval_id,)
            ).fetchone()
        if row is None:
            raise UnknownAudienceError(say("no_approval", approval=str(approval_id)))
        return row

    def votes(self, audience_id: int) -> list[Vote]:
        """The approval votes already cast on the current version in the current review round."""
        with self.store.connect() as conn:
            audience = load_audience(conn, audience_id)
            rows = conn.execute(
                "SELECT approver, comment, created_at FROM approval_votes WHERE audience_id = ?"
                " AND version = ? AND review_round = ? ORDER BY vote_id",
                (audience_id, audience.version, audience.review_round),
            ).fetchall()
        return [Vote(approver=r[0], comment=r[1], at=r[2]) for r in rows]

    def decisions(self, audience_id: int) -> list[Decision]:
        """Every approval vote, approval and rejection of the audience, oldest first."""
        return [
            decision
            for entry in self.history(audience_id)
            if (decision := decision_from_entry(entry)) is not None
        ]

    def history(self, audience_id: int) -> list[audit.AuditEntry]:
        """The audit entries of one audience, oldest first."""
        self.get(audience_id)
        return audit.entries(self.store, audience_id=audience_id)

    def saved_segments(self) -> dict[str, RuleTree]:
        """Analysis-only audiences by name, current version: the compiler's segment look-up."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT a.name, v.rules_json FROM audiences a JOIN versions v ON"
                " v.audience_id = a.audience_id AND v.version = a.current_version"
                " WHERE a.channel IS NULL ORDER BY a.name"
            ).fetchall()
        return {row[0]: RuleTree.model_validate_json(row[1]) for row in rows}

    def segment(self, name: str) -> RuleTree:
        """The current rule tree of the saved segment ``name``."""
        found = self.saved_segments().get(name)
        if found is None:
            raise UnknownAudienceError(say("unknown_segment", segment=name))
        return found
