"""Export an approved audience: recount, block on drift, write atomically, once per approval.

**Drift** between the approved (frozen) member list A and today's recount C is
``|A △ C| / max(|A|, 1)`` — members added plus members removed, over the approved size. Above the
tolerance (catalog ``drift_tolerance``, default 2 %, workspace-overridable) the export is blocked
(``ExportBlockedError``), the approval is invalidated and the audience goes back to
**pending_review**: the definition did not change, the data did, so reviewers re-approve the new
member list. The same happens if a saved segment the audience uses was edited since approval.
Otherwise the exported rows are the approved members that still match (A ∩ C) and are still
eligible on the channel (consented, not suppressed, with a contact) **in the data as it is now**:
the engine must still be reading the file that is on disk (``data_identity``; a file replaced
under a running app blocks the export until the app reopens it), and that identity (path, size,
modification time, sha256) is recorded in the manifest. The recount streams the members from the
engine, and the contacts are read and written in batches (``audience.workflow.export_stream``):
the member list is never loaded whole. Contacts are validated for the channel and CSV cells
neutralised (``audience.workflow.contacts``).

**Trust nothing on disk.** Before anything, the user must hold the ``export`` permission, the
audit log must verify (``audit.require_intact``: chain, anchor, and the approvals and exports
tables against their entries) and every approver must be a reviewer of this workspace.

**Files**: one folder per (approval, format), ``<name>-a<id>-v<version>-approval<id>-<format>/``
holding ``audience.<csv|parquet>`` (profile id + the channel's contact column only) and
``manifest.json``. Both are written into a hidden temporary folder in the same directory,
fsynced, then the folder is renamed into place (atomic) and the directory fsynced, inside the
store transaction that records the export — so a visible folder is always complete and its
manifest checksum matches. A per-(approval, format) ``flock`` serialises concurrent exports;
exporting again returns the recorded folder (checked against the checksum the audit log vouches
for), never a second one. **A folder this export did not just write is never adopted**: if the
target name exists (planted, or left by a process killed between the rename and the commit),
the export is refused until someone moves it away.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from audience.errors import ExportBlockedError, PermissionDeniedError
from audience.workflow import audit
from audience.workflow.approval import definition_fingerprint
from audience.workflow.export_files import (
    MANIFEST_NAME,
    JsonDict,
    file_sha256,
    fsync_dir,
    read_manifest,
    write_bytes,
)
from audience.workflow.export_stream import (
    EXPORT_BATCH,
    DriftReport,
    Written,
    recount,
    write_contacts,
)
from audience.workflow.records import ApprovalRecord, AudienceRecord, AudienceState, WaterfallLike
from audience.workflow.service import AudienceService
from audience.workflow.store import Store, utc_now
from audience.workflow.workspace import Permission
from languages import say
from schema_catalog import ProfileKey


class ExportFormat(StrEnum):
    """File formats of an export."""

    CSV = "csv"
    PARQUET = "parquet"


@dataclass(frozen=True)
class ExportResult:
    """Where the export is, what it holds, and whether an earlier export was returned."""

    path: Path
    manifest_path: Path
    sha256: str
    row_count: int
    reused: bool
    manifest: JsonDict


def export_audience(
    service: AudienceService,
    actor: str,
    audience_id: int,
    fmt: ExportFormat,
    *,
    out_dir: Path,
    batch_size: int = EXPORT_BATCH,
) -> ExportResult:
    """Export the approved audience ``audience_id`` for its channel (see the module doc).

    The members are streamed from the engine and the contacts read and written ``batch_size``
    members at a time (``audience.workflow.export_stream``).

    Raises:
        ExportBlockedError: not approved, analysis only, or drift beyond the tolerance (the
            approval is then invalidated and re-approval required).
        PermissionDeniedError: ``actor`` is not a workspace user or may not export.
        AuditTamperedError: the audit log does not verify.
    """
    user = service.workspace.user(actor)
    user.require(Permission.EXPORT, "export contact lists")
    audit.require_intact(service.store)
    approval = _exportable(service, service.get(audience_id))
    _check_approvers(service, approval)
    with _export_lock(service.store, approval.approval_id, fmt):
        found = _recorded(service.store, approval.approval_id, fmt)
        if found is not None:
            return found
        audience = service.get(audience_id)
        approval = _exportable(service, audience)
        plan = _recount(service, user.name, audience, approval, batch_size)
        return _publish(service, user.name, audience, approval, plan, fmt, out_dir)


_NOT_APPROVED_HINTS = {
    AudienceState.DRAFT: say("submit_first"),
    AudienceState.PENDING_REVIEW: say("wait_for_approval"),
    AudienceState.REJECTED: say("revise_rejected"),
}
"""What to do next, for each state an audience cannot be exported from."""


def _exportable(service: AudienceService, audience: AudienceRecord) -> ApprovalRecord:
    if audience.channel is None:
        channels = ", ".join(service.catalog.channel_names) or "-"
        message = say("segment_not_exportable", audience=audience.name)
        raise ExportBlockedError(message, hint=say("create_for_channel", channels=channels))
    if audience.state not in (AudienceState.APPROVED, AudienceState.EXPORTED):
        message = say("not_approved", audience=audience.name, state=audience.state.value)
        raise ExportBlockedError(message, hint=_NOT_APPROVED_HINTS[audience.state])
    approval = service.approval(audience.approval_id or 0)
    if not approval.valid or approval.version != audience.version:
        raise ExportBlockedError(say("approval_invalid", audience=audience.name))
    return approval


def _check_approvers(service: AudienceService, approval: ApprovalRecord) -> None:
    for name in approval.approvers:
        found = service.workspace.find(name)
        if found is None or not (found.can_review or Permission.REVIEW in found.permissions):
            message = say(
                "approver_not_reviewer", approval=str(approval.approval_id), user=name,
                workspace=service.workspace.name,
            )  # fmt: skip
            raise PermissionDeniedError(message, hint=say("reapprove_by_reviewer"))


@dataclass(frozen=True)
class _Plan:
    members: list[ProfileKey]
    """The approved members still selected: the export writes their eligible contacts."""
    drift: DriftReport
    waterfall: WaterfallLike
    snapshot_id: str
    data: dict[str, object]
    batch_size: int


def _recount(
    service: AudienceService, actor: str, audience: AudienceRecord, approval: ApprovalRecord,
    batch_size: int,
) -> _Plan:  # fmt: skip
    data = _current_data(service)
    rules = service.version(audience.audience_id, approval.version).rules
    segments = service.saved_segments()
    if definition_fingerprint(rules, segments) != approval.rules_fingerprint:
        reason = "a saved segment used by the audience changed since approval"
        service.invalidate_approval(actor, approval.approval_id, reason)
        message = say("segment_changed_since_approval", audience=audience.name)
        raise ExportBlockedError(message, hint=say("reapproval_required"))
    frozen = service.approved_members(approval.approval_id)
    batches = service.engine.member_batches(rules, segments=segments, batch_size=batch_size)
    counted = recount(frozen, batches)
    drift = counted.drift(service.policy.drift_tolerance)
    if drift.blocked:
        reason = (
            f"members drifted {drift.share:.2%} (+{drift.added} / -{drift.removed} of "
            f"{drift.approved}), above the {drift.tolerance:.2%} tolerance"
        )
        service.invalidate_approval(actor, approval.approval_id, reason)
        message = say(
            "members_drifted", audience=audience.name, share=f"{drift.share:.2%}",
            added=drift.added, removed=drift.removed, approved=drift.approved,
            tolerance=f"{drift.tolerance:.2%}",
        )  # fmt: skip
        raise ExportBlockedError(message, hint=say("back_in_review"))
    waterfall = service.engine.waterfall(rules, audience.channel or "", segments=segments)
    return _Plan(
        members=counted.kept, drift=drift, waterfall=waterfall,
        snapshot_id=service.engine.snapshot_id(), data=data, batch_size=batch_size,
    )  # fmt: skip


def _current_data(service: AudienceService) -> dict[str, object]:
    """The identity of the data the engine reads, which must be the file now on disk."""
    identity = service.engine.data_identity()
    if not identity.get("current", False):
        raise ExportBlockedError(say("data_replaced"), hint=say("reload_and_export"))
    return identity


def _publish(
    service: AudienceService, actor: str, audience: AudienceRecord, approval: ApprovalRecord,
    plan: _Plan, fmt: ExportFormat, out_dir: Path,
) -> ExportResult:  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / _folder_name(audience, approval, fmt)
    _remove_stale_temps(out_dir, final.name)
    _refuse_existing(final)
    temp = out_dir / f".tmp-{final.name}-{uuid.uuid4().hex}"
    try:
        with _disk_errors(audience, out_dir):
            manifest = _write_folder(temp, service, audience, approval, plan, fmt, actor)
        with service.store.transaction() as conn:
            changed = conn.execute(
                "UPDATE audiences SET state = 'exported', updated_at = ? WHERE audience_id = ?"
                " AND approval_id = ? AND state IN ('approved', 'exported')",
                (utc_now(), audience.audience_id, approval.approval_id),
            ).rowcount
            if not changed:
                raise ExportBlockedError(say("approval_changed", audience=audience.name))
            _refuse_existing(final)
            os.rename(temp, final)
            fsync_dir(out_dir)
            data = final / str(manifest["file"])
            conn.execute(
                "INSERT INTO exports (approval_id, format, path, manifest_path, sha256,"
                " row_count, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (approval.approval_id, fmt.value, str(data), str(final / MANIFEST_NAME),
                 manifest["sha256"], manifest["row_count"], actor, utc_now()),
            )  # fmt: skip
            details = _audit_details(manifest, data, approval)
            audit.append_entry(
                conn, actor, "export", audience_id=audience.audience_id,
                version=approval.version, details=details,
            )  # fmt: skip
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return _result(data, final / MANIFEST_NAME, manifest, reused=False)


@contextmanager
def _disk_errors(audience: AudienceRecord, out_dir: Path) -> Iterator[None]:
    """A file of the export that cannot be written blocks the export with what to do."""
    try:
        yield
    except OSError as error:
        message = say(
            "export_unwritable", audience=audience.name, path=str(out_dir),
            raw=str(error.strerror or error),
        )  # fmt: skip
        raise ExportBlockedError(message, hint=say("free_space_or_folder")) from error


def _write_folder(
    temp: Path, service: AudienceService, audience: AudienceRecord, approval: ApprovalRecord,
    plan: _Plan, fmt: ExportFormat, actor: str,
) -> JsonDict:  # fmt: skip
    """The export's folder: the contacts (read batch by batch), then the manifest; the data must
    still be the data the recount read."""
    temp.mkdir()
    data = temp / f"audience.{fmt.value}"
    channel = service.catalog.channel(audience.channel or "")
    written = write_contacts(service.engine, channel, plan.members, data, fmt.value,
                             plan.batch_size)  # fmt: skip
    if _current_data(service) != plan.data:
        raise ExportBlockedError(say("data_replaced_meanwhile"), hint=say("export_again"))
    manifest = _manifest(audience, approval, plan, written, fmt, actor, data)
    write_bytes(temp / MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True).encode())
    fsync_dir(temp)
    return manifest


def _manifest(
    audience: AudienceRecord, approval: ApprovalRecord, plan: _Plan, written: Written,
    fmt: ExportFormat, actor: str, data: Path,
) -> JsonDict:  # fmt: skip
    w = plan.waterfall
    return {
        "audience_id": audience.audience_id, "audience": audience.name,
        "version": approval.version, "channel": audience.channel, "format": fmt.value,
        "file": data.name, "columns": written.columns, "row_count": written.rows,
        "sha256": file_sha256(data), "exported_by": actor, "created_at": utc_now(),
        "export_snapshot_id": plan.snapshot_id, "data": plan.data,
        "contacts_rejected": written.rejected,
        "approval": {
            "approval_id": approval.approval_id, "approvers": list(approval.approvers),
            "requested_by": approval.requested_by, "approved_at": approval.created_at,
            "fingerprint": approval.fingerprint, "rules_fingerprint": approval.rules_fingerprint,
            "snapshot_id": approval.snapshot_id, "members_sha256": approval.members_sha256,
            "member_count": approval.member_count,
        },
        "drift": {"approved": plan.drift.approved, "current": plan.drift.current,
                  "added": plan.drift.added, "removed": plan.drift.removed,
                  "share": plan.drift.share, "tolerance": plan.drift.tolerance},
        "counts": {"approved_members": approval.member_count,
                   "still_matching": len(plan.members), "exported": written.rows,
                   "waterfall_now": {"matched": w.matched, "consented": w.consented,
                                     "not_suppressed": w.not_suppressed,
                                     "contactable": w.contactable}},
    }  # fmt: skip


def _refuse_existing(final: Path) -> None:
    """The export's folder name must be free: what is there was not written by this export."""
    if os.path.lexists(final):
        message = say("export_planted", path=str(final))
        raise ExportBlockedError(message, hint=say("move_it_out"))


def _recorded(store: Store, approval_id: int, fmt: ExportFormat) -> ExportResult | None:
    with store.connect() as conn:
        row = conn.execute(
            "SELECT path, manifest_path, sha256 FROM exports WHERE approval_id = ? AND format = ?",
            (approval_id, fmt.value),
        ).fetchone()
    if row is None:
        return None
    data, manifest_path = Path(row[0]), Path(row[1])
    manifest = read_manifest(manifest_path.parent)
    intact = data.is_file() and not data.is_symlink() and file_sha256(data) == row[2]
    if manifest is None or not intact or manifest.get("sha256") != row[2]:
        message = say("export_altered", path=str(row[0]))
        raise ExportBlockedError(message, hint=say("restore_export"))
    return _result(data, manifest_path, manifest, reused=True)


def _result(data: Path, manifest_path: Path, manifest: JsonDict, *, reused: bool) -> ExportResult:
    row_count = manifest.get("row_count")
    return ExportResult(
        path=data, manifest_path=manifest_path, sha256=str(manifest["sha256"]),
        row_count=row_count if isinstance(row_count, int) else 0, reused=reused,
        manifest=manifest,
    )  # fmt: skip


def _audit_details(manifest: JsonDict, data: Path, approval: ApprovalRecord) -> audit.Details:
    keys = ("sha256", "row_count", "format", "counts")
    summary = json.loads(json.dumps({key: manifest[key] for key in keys}))
    return {
        **summary, "path": str(data), "approval_id": approval.approval_id,
        "approval_fingerprint": approval.fingerprint,
    }  # fmt: skip


def _folder_name(audience: AudienceRecord, approval: ApprovalRecord, fmt: ExportFormat) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", audience.name.lower()).strip("-")[:40] or "audience"
    return (
        f"{slug}-a{audience.audience_id}-v{approval.version}-approval{approval.approval_id}-"
        f"{fmt.value}"
    )


def _remove_stale_temps(out_dir: Path, final_name: str) -> None:
    """Temp folders of this (approval, format) left by a killed export; we hold its lock."""
    for stale in out_dir.glob(f".tmp-{final_name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _export_lock(store: Store, approval_id: int, fmt: ExportFormat) -> Iterator[None]:
    """An exclusive flock per (approval, format); released by the OS if the process dies."""
    lock_dir = store.path.parent / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with (lock_dir / f"export-approval{approval_id}-{fmt.value}.lock").open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
