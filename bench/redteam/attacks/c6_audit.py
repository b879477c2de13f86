"""C6 high: an unkeyed, unanchored audit trail"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable

from bench.redteam.common import (
    attack,
    demo_export,
    pending,
    raw_store,
    refused,
)
from bench.redteam.lab import Lab, Workspace


def _exported_flow(lab: Lab) -> tuple[Workspace, int]:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    return ws, audience_id


def _verify_fails(ws: Workspace) -> bool:
    run = ws.cli("audit", "verify", as_user="reviewer")
    return run.code != 0 and not run.traceback and run.out.get("ok") is not True


def _old_hash(row: dict[str, object], details: object, prev: str) -> str:
    """The published (unkeyed) entry hash: sha256 of the canonical JSON of the entry."""
    canonical = json.dumps(
        {"seq": row["seq"], "at": row["at"], "actor": row["actor"], "action": row["action"],
         "audience_id": row["audience_id"], "version": row["version"], "details": details,
         "prev_hash": prev},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(canonical.encode()).hexdigest()


def _rechain(conn: sqlite3.Connection, edit: Callable[[dict[str, object]], None]) -> None:
    """Rewrite entries with ``edit`` and recompute every hash as a forger would."""
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
    prev = "0" * 64
    for row in rows:
        edit(row)
        details = json.loads(str(row["details_json"]))
        digest = _old_hash(row, details, prev)
        conn.execute(
            "UPDATE audit_log SET actor = ?, details_json = ?, prev_hash = ?, hash = ? "
            "WHERE seq = ?", (row["actor"], row["details_json"], prev, digest, row["seq"]),
        )  # fmt: skip
        prev = digest


@attack("C6", "high", "Audit: deleting the tail of the log verifies OK")
def c6_tail_truncation(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    with raw_store(ws) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)")
    return _verify_fails(ws)


@attack("C6", "high", "Audit: rewriting the approver and recomputing the hashes verifies OK")
def c6_approver_rewrite(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)

    def edit(row: dict[str, object]) -> None:
        if row["action"] == "approve":
            row["actor"] = "admin"
            row["details_json"] = str(row["details_json"]).replace('"reviewer"', '"admin"')

    with raw_store(ws) as conn:
        _rechain(conn, edit)
        conn.execute("UPDATE approvals SET approvers_json = '[\"admin\"]'")
    return _verify_fails(ws)


@attack("C6", "high", "Audit: the approvals table rewritten behind the log's back")
def c6_approvals_table_rewrite(lab: Lab) -> bool:
    ws, audience_id = _exported_flow(lab)
    with raw_store(ws) as conn:
        conn.execute("UPDATE approvals SET approvers_json = '[\"admin\"]'")
    export = demo_export(ws, audience_id, "marketer")
    return _verify_fails(ws) or refused(export)


@attack("C6", "high", "Audit: a forged 'approve' entry appended with a valid unkeyed hash")
def c6_forged_append(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    with raw_store(ws) as conn:
        conn.row_factory = sqlite3.Row
        last = dict(conn.execute("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone())
        row = {**last, "seq": int(last["seq"]) + 1, "actor": "admin", "action": "approve"}
        details = {"comment": "forged"}
        digest = _old_hash(row, details, str(last["hash"]))
        columns = [c for c in last if c not in ("seq",)]
        values = {**row, "details_json": json.dumps(details), "prev_hash": last["hash"],
                  "hash": digest}  # fmt: skip
        names = ", ".join(["seq", *columns])
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        conn.execute(f"INSERT INTO audit_log ({names}) VALUES ({marks})",
                     [values["seq"], *[values[c] for c in columns]])  # fmt: skip
    return _verify_fails(ws)


@attack("C6", "high", "Audit: deleting the state file silently starts an empty store")
def c6_store_deleted(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    shutil.rmtree(ws.store.parent)
    listed = ws.cli("audience", "list", as_user="marketer")
    return _verify_fails(ws) and refused(listed)


@attack("C6", "high", "Audit: every entry deleted verifies OK")
def c6_all_entries_deleted(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    with raw_store(ws) as conn:
        conn.execute("DELETE FROM audit_log")
    return _verify_fails(ws)


@attack("C6", "high", "Audit: the store replaced by an older copy of itself verifies OK")
def c6_store_rollback(lab: Lab) -> bool:
    ws = lab.workspace(None)
    for user in ("marketer", "reviewer"):
        ws.login(user)
    pending(ws, "Early")
    backup = ws.root / "backup"
    shutil.copytree(ws.store.parent, backup)
    pending(ws, "Later")
    shutil.rmtree(ws.store.parent)
    shutil.copytree(backup, ws.store.parent)
    return _verify_fails(ws)


@attack("C6", "high", "Audit: the anchor deleted together with the tail")
def c6_anchor_deleted(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    for path in [*ws.os_home.rglob("*"), *ws.home.rglob("*")]:
        if path.is_file() and "checkpoint" in path.name.lower():
            path.unlink()
    with raw_store(ws) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 1 FROM audit_log)")
    return _verify_fails(ws)


@attack("C6", "high", "Audit: approve still runs when the log does not verify")
def c6_approve_when_tampered(lab: Lab) -> bool:
    ws = lab.workspace(None)
    for user in ("marketer", "reviewer"):
        ws.login(user)
    audience_id = pending(ws)
    with raw_store(ws) as conn:
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    approved = ws.cli("audience", "approve", audience_id, as_user="reviewer")
    return refused(approved)


@attack("C6", "high", "Audit: export still runs when the log does not verify")
def c6_export_when_tampered(lab: Lab) -> bool:
    ws, audience_id = _exported_flow(lab)
    with raw_store(ws) as conn:
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    return refused(demo_export(ws, audience_id, "marketer"))


@attack("C6", "high", "Audit: verifying with another key says OK")
def c6_wrong_key(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    run = ws.cli(
        "audit",
        "verify",
        as_user="reviewer",
        PERIMETER_AUDIT_KEY="00112233445566778899aabbccddeeff00112233445566778899aabb",
    )
    return run.code != 0 and not run.traceback


@attack("C6", "high", "Audit: no external checkpoint can be taken (`perimeter audit checkpoint`)")
def c6_checkpoint_command(lab: Lab) -> bool:
    ws, _ = _exported_flow(lab)
    run = ws.cli("audit", "checkpoint", as_user="reviewer")
    text = json.dumps(run.out)
    entries = sqlite3.connect(ws.store).execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return (
        run.code == 0
        and str(entries) in text
        and any(len(v) >= 32 for v in run.out.values() if isinstance(v, str))
    )
