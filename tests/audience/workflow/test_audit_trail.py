"""The keyed, anchored audit trail: what an attacker with write access to the store cannot hide.

Each test plays one attack from the red team's class "unkeyed, unanchored audit trail": the tail
truncated, an approver rewritten with every hash recomputed (with the published algorithm, with
a guessed key), the store deleted or replaced by an older copy, the anchor deleted or forged,
the approvals table edited behind the log's back; and checks approve and export refuse to run
on a log that does not verify.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from audience.errors import (
    AuditKeyError,
    AuditTamperedError,
    HistoryMissingError,
)
from audience.workflow import AudienceService, Store, audit, load_trail, open_store
from audience.workflow.trail import AuditTrail
from schema_catalog import Catalog
from settings import Settings
from tests.support.workflow_fakes import FakeEngine, tree, workspace

KEY = b"s" * 32


def anchored(tmp_path: Path, key: bytes = KEY) -> AuditTrail:
    """A trail whose anchor lives outside the state folder (as the settings place it)."""
    return AuditTrail(key, tmp_path / "private" / "checkpoint.json", "ws")


def flow(tmp_path: Path, catalog: Catalog) -> tuple[AudienceService, int]:
    """create → submit → approve, on a store under ``tmp_path/state``."""
    store = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    svc = AudienceService(store, catalog, FakeEngine(), workspace())
    audience_id = svc.create("marketer", "A", tree(50)).audience_id
    svc.submit("marketer", audience_id)
    assert svc.approve("reviewer", audience_id).approved
    return svc, audience_id


def attacker(store: Store) -> sqlite3.Connection:
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for name in ("audit_log_no_update", "audit_log_no_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def unkeyed(row: dict[str, object], prev: str) -> str:
    """The published, unkeyed entry hash an attacker can compute."""
    canonical = json.dumps(
        {"seq": row["seq"], "at": row["at"], "actor": row["actor"], "action": row["action"],
         "audience_id": row["audience_id"], "version": row["version"],
         "details": json.loads(str(row["details_json"])), "prev_hash": prev},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(canonical.encode()).hexdigest()


def rechain(conn: sqlite3.Connection, mac: object) -> None:
    """Recompute every entry's hash with ``mac(row, prev)`` after an edit."""
    prev = "0" * 64
    for row in [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]:
        digest = mac(row, prev)  # type: ignore[operator]
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                     (prev, digest, row["seq"]))  # fmt: skip
        prev = digest


def test_an_intact_flow_verifies_and_is_anchored(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    result = audit.verify(svc.store)
    assert (result.ok, result.entries) == (True, 3)
    anchor = json.loads((tmp_path / "private" / "checkpoint.json").read_text())
    assert (anchor["entries"], anchor["head"]) == (3, audit.entries(svc.store)[-1].hash)


@pytest.mark.parametrize("removed", [1, 2, 3])
def test_tail_truncation_is_detected(tmp_path: Path, catalog: Catalog, removed: int) -> None:
    svc, _ = flow(tmp_path, catalog)
    with attacker(svc.store) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (3 - removed,))
    result = audit.verify(svc.store)
    assert (result.ok, result.first_bad_index) == (False, 3 - removed)
    assert "removed" in (result.reason or "")


@pytest.mark.parametrize("forger", ["published sha256", "guessed key"])
def test_approver_rewrite_with_recomputed_hashes_is_detected(
    tmp_path: Path, catalog: Catalog, forger: str
) -> None:
    svc, _ = flow(tmp_path, catalog)
    guessed = AuditTrail(b"guess" * 8, None)

    def mac(row: dict[str, object], prev: str) -> str:
        if forger == "published sha256":
            return unkeyed(row, prev)
        details = json.loads(str(row["details_json"]))
        return audit.entry_hash(guessed, int(str(row["seq"])), str(row["at"]), str(row["actor"]),
                                str(row["action"]), row["audience_id"], row["version"],  # type: ignore[arg-type]
                                details, prev)  # fmt: skip

    with attacker(svc.store) as conn:
        conn.execute("UPDATE audit_log SET actor = 'admin', details_json = replace(details_json,"
                     " '\"reviewer\"', '\"admin\"') WHERE action = 'approve'")  # fmt: skip
        conn.execute("UPDATE approvals SET approvers_json = '[\"admin\"]'")
        rechain(conn, mac)
    result = audit.verify(svc.store)
    assert (result.ok, result.first_bad_index) == (False, 0)


def test_approvals_table_rewritten_behind_the_log_is_detected(
    tmp_path: Path, catalog: Catalog
) -> None:
    svc, _ = flow(tmp_path, catalog)
    with attacker(svc.store) as conn:
        conn.execute("UPDATE approvals SET approvers_json = '[\"admin\"]'")
    result = audit.verify(svc.store)
    assert not result.ok and "approval 1" in (result.reason or "")


def test_store_deletion_is_refused_not_restarted_empty(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    shutil.rmtree(svc.store.path.parent)
    with pytest.raises(HistoryMissingError):
        open_store(svc.store.path, anchored(tmp_path))
    assert not svc.store.path.exists()


def test_emptied_log_is_detected(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    with attacker(svc.store) as conn:
        conn.execute("DELETE FROM audit_log")
    assert not audit.verify(svc.store).ok


def test_older_copy_of_the_store_is_detected(tmp_path: Path, catalog: Catalog) -> None:
    store = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    svc = AudienceService(store, catalog, FakeEngine(), workspace())
    svc.create("marketer", "early", tree(10))
    store.close()
    shutil.copytree(tmp_path / "state", tmp_path / "backup")
    svc.create("marketer", "later", tree(20))
    store.close()
    shutil.rmtree(tmp_path / "state")
    shutil.copytree(tmp_path / "backup", tmp_path / "state")
    reopened = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    assert not audit.verify(reopened).ok


def test_deleted_anchor_is_detected(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    (tmp_path / "private" / "checkpoint.json").unlink()
    result = audit.verify(svc.store)
    assert not result.ok and "anchor" in (result.reason or "")


def test_a_deleted_anchor_is_not_remade_by_the_next_write(tmp_path: Path, catalog: Catalog) -> None:
    """Deleting the anchor and the log's tail, then letting the product write again (a store
    reopened, a sign-in, a new audience), must not leave a fresh anchor that verifies."""
    svc, _ = flow(tmp_path, catalog)
    anchor = tmp_path / "private" / "checkpoint.json"
    anchor.unlink()
    with attacker(svc.store) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
    reopened = open_store(svc.store.path, anchored(tmp_path))
    AudienceService(reopened, catalog, FakeEngine(), workspace()).create("marketer", "B", tree(7))
    assert not anchor.exists()
    result = audit.verify(reopened)
    assert not result.ok and "anchor" in (result.reason or "")


def test_forged_anchor_is_detected(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    path = tmp_path / "private" / "checkpoint.json"
    forged = json.loads(path.read_text())
    forged["entries"] = 1
    path.write_text(json.dumps(forged))
    assert not audit.verify(svc.store).ok


def test_another_key_does_not_verify(tmp_path: Path, catalog: Catalog) -> None:
    svc, _ = flow(tmp_path, catalog)
    svc.store.close()
    other = open_store(svc.store.path, anchored(tmp_path, key=b"o" * 32))
    assert not audit.verify(other).ok


def test_external_checkpoint_catches_a_rollback_of_store_and_anchor(
    tmp_path: Path, catalog: Catalog
) -> None:
    store = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    svc = AudienceService(store, catalog, FakeEngine(), workspace())
    svc.create("marketer", "early", tree(10))
    store.close()
    shutil.copytree(tmp_path / "state", tmp_path / "backup-state")
    shutil.copytree(tmp_path / "private", tmp_path / "backup-private")
    svc.create("marketer", "later", tree(20))
    kept = audit.take_checkpoint(store)
    store.close()
    for name in ("state", "private"):
        shutil.rmtree(tmp_path / name)
        shutil.copytree(tmp_path / f"backup-{name}", tmp_path / name)
    rolled = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    assert audit.verify(rolled).ok  # the local anchor was rolled back too…
    assert not audit.verify(rolled, external=kept).ok  # …the copy kept elsewhere was not


def test_approve_and_export_refuse_when_the_log_does_not_verify(
    tmp_path: Path, catalog: Catalog
) -> None:
    from audience.workflow import ExportFormat, export_audience

    store = open_store(tmp_path / "state" / "perimeter.sqlite3", anchored(tmp_path))
    svc = AudienceService(store, catalog, FakeEngine(), workspace())
    pending = svc.create("marketer", "pending", tree(10)).audience_id
    svc.submit("marketer", pending)
    done = svc.create("marketer", "done", tree(20)).audience_id
    svc.submit("marketer", done)
    svc.approve("reviewer", done)
    with attacker(store) as conn:
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    with pytest.raises(AuditTamperedError):
        svc.approve("reviewer", pending)
    with pytest.raises(AuditTamperedError):
        export_audience(svc, "marketer", done, ExportFormat.CSV, out_dir=tmp_path / "exports")
    assert not (tmp_path / "exports").exists()


def settings_for(tmp_path: Path, **extra: object) -> Settings:
    return Settings(home=tmp_path / "ws", user_home=tmp_path / "os-home", **extra)  # type: ignore[arg-type]


def test_key_file_is_made_private_once_and_refused_when_readable(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    trail = load_trail(settings, history=False)
    key_file = settings.audit_key_path
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert load_trail(settings, history=True).key == trail.key
    os.chmod(key_file, 0o644)
    with pytest.raises(AuditKeyError):
        load_trail(settings, history=True)


def test_missing_key_with_history_is_an_error_not_a_new_key(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with pytest.raises(AuditKeyError):
        load_trail(settings, history=True)
    assert not settings.audit_key_path.exists()


def test_key_inside_the_state_folder_is_refused(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, audit_key_file=tmp_path / "ws" / "state" / "audit.key")
    with pytest.raises(AuditKeyError):
        load_trail(settings, history=False)
