"""The audit log: append-only, MAC-chained under a key kept outside the store, and anchored.

Each entry's ``hash`` is the HMAC-SHA256, under the workspace's audit key
(``audience.workflow.trail``), of its canonical JSON (seq, at, actor, action, audience_id,
version, details, prev_hash), and ``prev_hash`` is the previous entry's MAC (64 zeros for the
first). Changing, removing or inserting any entry breaks the chain at that entry, and without the
key nobody can recompute it. The anchor (entries + head MAC, outside the store) catches what a
chain alone cannot: a deleted tail, a deleted or replaced store. SQL triggers refuse UPDATE and
DELETE; ``verify`` also catches edits made around them (e.g. by editing the file), and checks that
the approvals and exports tables agree with the entries that recorded them.

Workflow actions append their entry inside the transaction that changes the state, so the log
and the state never disagree. Other packages call ``record`` (the assistant logs its plans).
"""

from __future__ import annotations

import hmac
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from audience.errors import AuditTamperedError
from audience.workflow.store import Store, utc_now
from audience.workflow.trail import (
    AuditTrail,
    Checkpoint,
    checkpoint_is_genuine,
    make_checkpoint,
    read_checkpoint,
)
from languages import say

GENESIS_HASH = "0" * 64
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
Details = Mapping[str, JsonValue]


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    seq: int
    at: str
    actor: str
    action: str
    audience_id: int | None
    version: int | None
    details: dict[str, JsonValue]
    prev_hash: str
    hash: str

    def computed_hash(self, trail: AuditTrail) -> str:
        """The MAC this entry should carry, from its content and ``prev_hash``."""
        return entry_hash(
            trail,
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.audience_id,
            self.version,
            self.details,
            self.prev_hash,
        )


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of ``verify``: ``first_bad_index`` is the 0-based position of the first bad entry."""

    ok: bool
    entries: int
    first_bad_index: int | None = None
    reason: str | None = None


def entry_hash(
    trail: AuditTrail,
    seq: int,
    at: str,
    actor: str,
    action: str,
    audience_id: int | None,
    version: int | None,
    details: Details,
    prev_hash: str,
) -> str:
    """HMAC-SHA256 (under the trail's key) of the canonical JSON of an entry's fields."""
    canonical = json.dumps(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "audience_id": audience_id,
            "version": version,
            "details": details,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return trail.mac(canonical)


def append_entry(
    conn: sqlite3.Connection,
    actor: str,
    action: str,
    *,
    audience_id: int | None = None,
    version: int | None = None,
    details: Details | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry using ``conn``, which must already hold the write lock (BEGIN IMMEDIATE)
    and be a store connection (it carries the audit key)."""
    trail: AuditTrail = conn.trail  # type: ignore[attr-defined]
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    when = at.isoformat(timespec="microseconds") if at else utc_now()
    payload = dict(details or {})
    digest = entry_hash(trail, seq, when, actor, action, audience_id, version, payload, prev)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, audience_id, version, details_json,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, when, actor, action, audience_id, version, _dump(payload), prev, digest),
    )
    return AuditEntry(seq, when, actor, action, audience_id, version, payload, prev, digest)


def record(
    store: Store,
    actor: str,
    action: str,
    *,
    audience_id: int | None = None,
    version: int | None = None,
    details: Details | None = None,
) -> AuditEntry:
    """Append one entry in its own transaction (for callers outside the workflow, e.g. plans).

    Example: ``record(store, "marketer", "plan", details={"status": "proposal"})``.
    """
    with store.transaction() as conn:
        return append_entry(
            conn, actor, action, audience_id=audience_id, version=version, details=details
        )


def entries(store: Store, *, audience_id: int | None = None) -> list[AuditEntry]:
    """All entries in order, or only those of one audience."""
    query = "SELECT * FROM audit_log"
    params: tuple[int, ...] = ()
    if audience_id is not None:
        query += " WHERE audience_id = ?"
        params = (audience_id,)
    with store.connect() as conn:
        return [_entry(row) for row in conn.execute(query + " ORDER BY seq", params)]


def verify(store: Store, *, external: Checkpoint | None = None) -> VerifyResult:
    """Check the MAC chain, the anchor (and ``external``, a kept copy of one), and that the
    approvals and exports tables agree with the log; report the first problem.

    The anchor is read first, then the log and the records in one snapshot: writers that commit
    meanwhile only ever make the log longer than the anchor read, never shorter.
    """
    anchor = _anchor(store)
    with store.snapshot():
        rows = entries(store)
        problem = records_disagree(store, rows)
    return _verdict(store, rows, [c for c in (anchor, external) if c is not None], problem)


def _verdict(
    store: Store, rows: list[AuditEntry], anchors: list[Checkpoint], disagree: str | None
) -> VerifyResult:
    """The first problem of the chain, the anchors, then the records (``disagree``)."""
    prev = GENESIS_HASH
    for index, entry in enumerate(rows):
        problem = _check(store.trail, entry, index, prev)
        if problem is not None:
            return VerifyResult(False, len(rows), index, problem)
        prev = entry.hash
    for anchor in anchors:
        problem = _against_anchor(store.trail, anchor, rows)
        if problem is not None:
            return VerifyResult(False, len(rows), min(anchor.entries, len(rows)), problem)
    if store.trail.checkpoint is not None and not anchors and rows:
        return VerifyResult(False, len(rows), len(rows), "the log has entries but no anchor "
                            f"(checkpoint {str(store.trail.checkpoint)!r} is missing: copy your "
                            "kept `perimeter audit checkpoint --out` file there)")  # fmt: skip
    if disagree is not None:
        return VerifyResult(False, len(rows), None, disagree)
    return VerifyResult(True, len(rows))


def _anchor(store: Store) -> Checkpoint | None:
    return None if store.trail.checkpoint is None else read_checkpoint(store.trail.checkpoint)


def _against_anchor(trail: AuditTrail, anchor: Checkpoint, rows: list[AuditEntry]) -> str | None:
    if not checkpoint_is_genuine(trail, anchor) or anchor.workspace != trail.workspace_id:
        return "the anchor was not written with this workspace's key (forged or foreign)"
    if len(rows) < anchor.entries:
        return (f"the log has {len(rows)} entries but its anchor of {anchor.at} records "
                f"{anchor.entries} (entries were removed)")  # fmt: skip
    if anchor.entries and rows[anchor.entries - 1].hash != anchor.head:
        return f"entry {anchor.entries - 1} differs from the anchor's head (history rewritten)"
    return None


def records_disagree(store: Store, rows: list[AuditEntry]) -> str | None:
    """The first approval or export row that no audit entry vouches for, or None."""
    approvals = {e.details.get("approval_id"): e for e in rows if e.action == "approve"}
    exported = {(e.details.get("approval_id"), e.details.get("format")): e
                for e in rows if e.action == "export"}  # fmt: skip
    with store.connect() as conn:
        for row in conn.execute("SELECT * FROM approvals ORDER BY approval_id"):
            problem = _approval_disagrees(row, approvals.get(row["approval_id"]))
            if problem:
                return problem
        for row in conn.execute("SELECT * FROM exports ORDER BY export_id"):
            entry = exported.get((row["approval_id"], row["format"]))
            if entry is None or (entry.details.get("sha256"), entry.details.get("path")) != (
                row["sha256"], row["path"],
            ):  # fmt: skip
                return f"export {row['export_id']} does not match the log's export entry"
    return None


def _approval_disagrees(row: sqlite3.Row, entry: AuditEntry | None) -> str | None:
    if entry is None:
        return f"approval {row['approval_id']} has no 'approve' entry in the log"
    recorded = (entry.details.get("approvers"), entry.details.get("fingerprint"),
                entry.details.get("members_sha256"), entry.audience_id)  # fmt: skip
    actual = (json.loads(row["approvers_json"]), row["fingerprint"], row["members_sha256"],
              row["audience_id"])  # fmt: skip
    if recorded != actual:
        return f"approval {row['approval_id']} differs from its 'approve' entry (rewritten)"
    return None


def require_intact(store: Store) -> VerifyResult:
    """``verify``, raising ``AuditTamperedError`` (naming the problem) if it fails."""
    result = verify(store)
    if not result.ok:
        message = say("audit_does_not_verify", reason=str(result.reason))
        raise AuditTamperedError(message, hint=say("restore_and_investigate"))
    return result


def _check(trail: AuditTrail, entry: AuditEntry, index: int, prev: str) -> str | None:
    if entry.seq != index + 1:
        return f"entry {index} has seq {entry.seq}, expected {index + 1} (entry removed or added)"
    if entry.prev_hash != prev:
        return f"entry {index} (seq {entry.seq}) does not chain to the previous entry's hash"
    if not hmac.compare_digest(entry.computed_hash(trail), entry.hash):
        return f"entry {index} (seq {entry.seq}) does not match its MAC (altered or forged)"
    return None


def _entry(row: sqlite3.Row) -> AuditEntry:
    try:
        details = json.loads(row["details_json"])
    except json.JSONDecodeError:
        details = {"_unreadable": row["details_json"]}
    return AuditEntry(
        row["seq"],
        row["at"],
        row["actor"],
        row["action"],
        row["audience_id"],
        row["version"],
        details if isinstance(details, dict) else {"_value": details},
        row["prev_hash"],
        row["hash"],
    )


def _dump(details: Details) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def take_checkpoint(store: Store) -> Checkpoint:
    """The anchor of the log as it is now (after checking it verifies), to keep elsewhere.

    Raises:
        AuditTamperedError: the log does not verify (a tampered log is never anchored).
    """
    require_intact(store)
    rows = entries(store)
    head, at = (rows[-1].hash, rows[-1].at) if rows else (GENESIS_HASH, utc_now())
    return make_checkpoint(store.trail, len(rows), head, at)


def checkpoint_from_file(path: Path) -> Checkpoint:
    """A checkpoint kept by ``perimeter audit checkpoint --out FILE``.

    Raises:
        AuditTamperedError: the file is missing or not a checkpoint.
    """
    found = read_checkpoint(path)
    if found is None:
        raise AuditTamperedError(say("no_checkpoint", path=str(path)))
    return found
