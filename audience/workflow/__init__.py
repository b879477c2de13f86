"""Governance: versioned audiences, four-eyes approval, size policy, export and the audit log."""

from audience.workflow import audit, conversations
from audience.workflow.audit import AuditEntry
from audience.workflow.decisions import Decision, Vote
from audience.workflow.export import ExportFormat, ExportResult, export_audience
from audience.workflow.flag_words import confirmation_text, figure, flag_text
from audience.workflow.identity import Session, TokenKind, resume, sign_in, sign_out
from audience.workflow.policy import (
    FlagCode,
    SizeAssessment,
    SizeFlag,
    assess_size,
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
from audience.workflow.store import (
    Store,
    bind_users_file,
    open_store,
    open_workspace_store,
    store_path,
)
from audience.workflow.trail import AuditTrail, Checkpoint, load_trail, write_private
from audience.workflow.workspace import (
    Permission,
    Role,
    User,
    Workspace,
    load_workspace,
    workspace_of,
)

__all__ = [
    "AudienceRecord",
    "AudienceService",
    "AudienceState",
    "AuditEntry",
    "AuditTrail",
    "Checkpoint",
    "CountLike",
    "Decision",
    "ExportFormat",
    "ExportResult",
    "FlagCode",
    "Permission",
    "Role",
    "Segments",
    "Session",
    "SizeAssessment",
    "SizeFlag",
    "Store",
    "TokenKind",
    "User",
    "VersionRecord",
    "Vote",
    "WaterfallLike",
    "Workspace",
    "assess_size",
    "audit",
    "bind_users_file",
    "confirmation_text",
    "conversations",
    "export_audience",
    "figure",
    "flag_text",
    "load_trail",
    "load_workspace",
    "open_store",
    "open_workspace_store",
    "resume",
    "sign_in",
    "sign_out",
    "store_path",
    "workspace_of",
    "write_private",
]
