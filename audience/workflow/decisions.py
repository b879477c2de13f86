"""What reviewers decided, read back for the people who act on it.

``Vote``: an approval vote already cast on the current version (shown beside the Approve button,
which a reviewer who has voted can no longer press). ``Decision``: an approval vote, an approval
or a rejection of any version, with its comment — what the requester reads on the audience and
in Build when they revise it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from audience.workflow.audit import AuditEntry

DecisionKind = Literal["approve", "approve_vote", "reject"]
_KINDS: tuple[DecisionKind, ...] = ("approve", "approve_vote", "reject")


@dataclass(frozen=True)
class Vote:
    """One approval vote on the current version and review round."""

    approver: str
    comment: str | None
    at: str


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one version: approved, one vote of several, or rejected."""

    kind: DecisionKind
    reviewer: str
    version: int | None
    comment: str | None
    at: str


def decision_from_entry(entry: AuditEntry) -> Decision | None:
    """The decision an audit entry records, or None for any other action.

    >>> entry = AuditEntry(1, "2026-01-01T00:00:00", "rita", "reject", 3, 2,
    ...                    {"comment": "too broad"}, "", "")
    >>> decision_from_entry(entry).comment
    'too broad'
    """
    kind = next((k for k in _KINDS if k == entry.action), None)
    if kind is None:
        return None
    comment = entry.details.get("comment")
    return Decision(
        kind=kind,
        reviewer=entry.actor,
        version=entry.version,
        comment=comment if isinstance(comment, str) else None,
        at=entry.at,
    )
