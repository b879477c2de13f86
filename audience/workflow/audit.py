"""The audit log: append-only and hash-chained, in the state store.

Each entry's ``hash`` is the sha256 of its canonical JSON (seq, at, actor, action, audience_id,
version, details, prev_hash), and ``prev_hash`` is the previous entry's hash (64 zeros for the
first). Changing, removing or inserting any entry therefore breaks the chain at that entry, and
``verify`` names it. SQL triggers refuse UPDATE and DELETE; ``verify`` also catches edits made
around them (e.g. by editing the file).

Workflow actions append their entry inside the transaction that changes the state, so the log
and the state never disagree. Other packages call ``record`` (the assistant logs its plans).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from audience.errors import AuditTamperedError
from audience.workflow.store import Store, utc_now

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

    def computed_hash(self) -> str:
        """The hash this entry should carry, from its content and ``prev_hash``."""
        return entry_hash(
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
    seq: int,
    at: str,
    actor: str,
    action: str,
    audience_id: int | None,
    version: int | None,
    details: Details,
    prev_hash: str,
) -> str:
    """sha256 over the canonical JSON of an entry's fields."""
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
    return hashlib.sha256(canonical.encode()).hexdigest()


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
    """Append one entry using ``conn``, which must already hold the write lock (BEGIN IMMEDIATE)."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    when = at.isoformat(timespec="microseconds") if at else utc_now()
    payload = dict(details or {})
    digest = entry_hash(seq, when, actor, action, audience_id, version, payload, prev)
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


def verify(store: Store) -> VerifyResult:
    """Walk the chain from the first entry; report the first entry that does not verify."""
    rows = entries(store)
    prev = GENESIS_HASH
    for index, entry in enumerate(rows):
        problem = _check(entry, index, prev)
        if problem is not None:
            return VerifyResult(False, len(rows), index, problem)
        prev = entry.hash
    return VerifyResult(True, len(rows))


def require_intact(store: Store) -> VerifyResult:
    """``verify``, raising ``AuditTamperedError`` (naming the first bad entry) if it fails."""
    result = verify(store)
    if not result.ok:
        raise AuditTamperedError(
            f"Audit log entry {result.first_bad_index} does not verify: {result.reason}.",
            hint="Restore the state store from a backup and investigate who changed it.",
        )
    return result


def _check(entry: AuditEntry, index: int, prev: str) -> str | None:
    if entry.seq != index + 1:
        return f"entry {index} has seq {entry.seq}, expected {index + 1} (entry removed or added)"
    if entry.prev_hash != prev:
        return f"entry {index} (seq {entry.seq}) does not chain to the previous entry's hash"
    if entry.computed_hash() != entry.hash:
        return f"entry {index} (seq {entry.seq}) content does not match its hash (altered)"
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
