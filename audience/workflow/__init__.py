"""Governance: versioned audiences, four-eyes approval, size policy, export and the audit log."""

from audience.workflow import audit, conversations
from audience.workflow.audit import AuditEntry
from audience.workflow.decisions import Decision, Vote
from audience.workflow.export import ExportFormat, ExportResult, export_audience
from audience.workflow.policy import (
    FlagCode,
    SizeAssessment,
    SizeFlag,
    assess_size,
    confirmation_text,
)
from audience.workflow.records import (
    AudienceRecord,
    AudienceState,
    CountLike,
    Segments,
    VersionRecord,
    WaterfallLike,
)
from audience.workflow.service import AudienceService
from audience.workflow.store import Store, open_store, store_path
from audience.workflow.workspace import Role, User, Workspace, load_workspace

__all__ = [
    "AudienceRecord",
    "AudienceService",
    "AudienceState",
    "AuditEntry",
    "CountLike",
    "Decision",
    "ExportFormat",
    "ExportResult",
    "FlagCode",
    "Role",
    "Segments",
    "SizeAssessment",
    "SizeFlag",
    "Store",
    "User",
    "VersionRecord",
    "Vote",
    "WaterfallLike",
    "Workspace",
    "assess_size",
    "audit",
    "confirmation_text",
    "conversations",
    "export_audience",
    "load_workspace",
    "open_store",
    "store_path",
]
