"""Exports that trust nothing on disk: planted folders refused, records checked against the log,
contacts validated for the channel, spreadsheet formulas neutralised, ENOSPC handled."""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pytest

from audience.errors import AuditTamperedError, ExportBlockedError
from audience.workflow import AudienceService, ExportFormat, export_audience
from audience.workflow.contacts import neutralise_cell, valid_contact
from schema_catalog import Catalog
from tests.support.workflow_fakes import FakeEngine, service, tree


class DangerousEngine(FakeEngine):
    """Contacts an attacker controls: formulas, invalid addresses, and good ones."""

    CONTACTS: ClassVar[dict[int, str]] = {
        1: '=HYPERLINK("http://evil.test")', 2: "+cmd|' /C calc'!A0", 3: "@SUM(1+1)",
        4: "-2+3", 5: "\tx@example.com", 6: "not an email", 7: "ana@example.com",
    }  # fmt: skip

    def eligible_contacts(self, channel: str, member_ids: object) -> pa.Table:
        ids = sorted(i for i in set(member_ids) if i in self.CONTACTS)  # type: ignore[call-overload]
        return pa.table({"customer_id": pa.array(ids, pa.int64()),
                         "email": [self.CONTACTS[i] for i in ids]})  # fmt: skip


def approved(svc: AudienceService, size: int = 10) -> int:
    audience_id = svc.create("marketer", "VIP", tree(size)).audience_id
    svc.submit("marketer", audience_id)
    assert svc.approve("reviewer", audience_id).approved
    return audience_id


def planted(folder: Path, fingerprint: str) -> None:
    folder.mkdir(parents=True)
    data = folder / "audience.csv"
    data.write_text("customer_id,email\n999,planted@evil.test\n")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(
        {"file": "audience.csv", "sha256": digest, "row_count": 1,
         "approval": {"fingerprint": fingerprint}}))  # fmt: skip


@pytest.fixture
def svc(tmp_path: Path, catalog: Catalog) -> AudienceService:
    return service(tmp_path, catalog)


@pytest.mark.parametrize("kind", ["folder", "symlink", "file"])
def test_a_planted_export_is_refused_never_adopted(
    svc: AudienceService, tmp_path: Path, kind: str
) -> None:
    audience_id = approved(svc)
    approval = svc.approval(svc.get(audience_id).approval_id or 0)
    out = tmp_path / "exports"
    name = f"vip-a{audience_id}-v1-approval{approval.approval_id}-csv"
    if kind == "folder":
        planted(out / name, approval.fingerprint)
    elif kind == "symlink":
        planted(tmp_path / "elsewhere", approval.fingerprint)
        out.mkdir()
        (out / name).symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    else:
        out.mkdir()
        (out / name).write_text("customer_id,email\n999,planted@evil.test\n")
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=out)
    with sqlite3.connect(svc.store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert svc.get(audience_id).state == "approved"


def test_a_planted_hidden_temp_folder_is_not_exported(svc: AudienceService, tmp_path: Path) -> None:
    audience_id = approved(svc)
    approval_id = svc.get(audience_id).approval_id
    out = tmp_path / "exports"
    planted(out / f".tmp-vip-a{audience_id}-v1-approval{approval_id}-csv-0", "x")
    result = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=out)
    assert "planted" not in result.path.read_text()


def test_an_export_swapped_after_the_fact_is_not_handed_out(
    svc: AudienceService, tmp_path: Path
) -> None:
    audience_id = approved(svc)
    first = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    first.path.parent.joinpath("manifest.json").unlink()
    first.path.unlink()
    first.path.parent.rmdir()
    planted(first.path.parent, first.manifest["approval"]["fingerprint"])  # type: ignore[index]
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)


def test_a_redirected_export_record_is_caught_by_the_log(
    svc: AudienceService, tmp_path: Path
) -> None:
    audience_id = approved(svc)
    export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")
    planted(tmp_path / "planted", "x")
    digest = hashlib.sha256((tmp_path / "planted" / "audience.csv").read_bytes()).hexdigest()
    with sqlite3.connect(svc.store.path) as conn:
        conn.execute("UPDATE exports SET path = ?, sha256 = ?",
                     (str(tmp_path / "planted" / "audience.csv"), digest))  # fmt: skip
    with pytest.raises(AuditTamperedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")


def test_contacts_are_validated_and_cells_neutralised(tmp_path: Path, catalog: Catalog) -> None:
    svc = service(tmp_path, catalog, DangerousEngine())
    audience_id = approved(svc)
    result = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    lines = result.path.read_text().splitlines()[1:]
    assert lines == ['7,"ana@example.com"']
    assert result.manifest["contacts_rejected"] == 6
    assert result.manifest["data"] == {"kind": "fake", "version": 0, "current": True}


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("=1+1", "'=1+1"), ("+cmd|x", "'+cmd|x"), ("-2+3", "'-2+3"), ("@SUM(1)", "'@SUM(1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("+33612345678", "+33612345678"), ("-42", "-42"),
     ("ana@example.com", "ana@example.com")],
)  # fmt: skip
def test_spreadsheet_cells_are_neutralised(cell: str, shown: str) -> None:
    assert neutralise_cell(cell) == shown


@pytest.mark.parametrize(
    ("fmt", "value", "ok"),
    [("email", "a.b@example.com", True), ("email", "a@b", False), ("email", "=x@y.com", False),
     ("phone", "+33612345678", True), ("phone", "0612345678", False),
     ("device_token", "abcdef0123456789", True), ("device_token", "has space", False),
     ("text", "12 rue de la Paix, Paris", True), ("text", "=cmd", False), ("text", "", False)],
)  # fmt: skip
def test_contacts_match_their_format(fmt: str, value: str, ok: bool) -> None:
    assert valid_contact(fmt, value) is ok


def test_enospc_while_writing_leaves_nothing_behind(
    svc: AudienceService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audience_id = approved(svc)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("audience.workflow.export_files.TableWriter.write", full)
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")
    assert list((tmp_path / "o").iterdir()) == []
    assert svc.get(audience_id).state == "approved"


def test_a_replaced_data_file_blocks_the_export(tmp_path: Path, catalog: Catalog) -> None:
    class Replaced(FakeEngine):
        def data_identity(self) -> dict[str, object]:
            return {"kind": "fake", "current": False}

    svc = service(tmp_path, catalog, Replaced())
    audience_id = approved(svc)
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
