"""Approval and export on the foreign catalog: text keys frozen, hashed, recounted, exported.

Users are named after no demo account; the channels include WhatsApp and postal mail.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from audience.errors import ExportBlockedError
from audience.workflow import AudienceService, AudienceState, audit
from audience.workflow.export import ExportFormat, export_audience
from audience.workflow.store import freeze_members, members_digest, thaw_members
from tests.support.riverside import PATRONS, code, riverside_service


def _approved(svc: AudienceService, channel: str) -> int:
    audience = svc.create("ines", f"patrons by {channel}", PATRONS, channel=channel)
    svc.submit("ines", audience.audience_id)
    svc.approve("tom", audience.audience_id, comment="ok")
    return audience.audience_id


def test_text_keys_freeze_and_hash_canonically() -> None:
    keys = [code(3), code(8), code(12)]
    assert thaw_members(freeze_members(keys)) == keys
    assert members_digest(keys) != members_digest(list(reversed(keys)))
    assert thaw_members(freeze_members([3, 8, 12])) == [3, 8, 12]
    old_format = b"".join(n.to_bytes(8, "little") for n in (3, 8, 12))
    assert members_digest([3, 8, 12]) == hashlib.sha256(old_format).hexdigest()


@pytest.mark.parametrize("channel", ["whatsapp", "post"])
def test_approve_and_export_on_a_fourth_channel(
    tmp_path: Path, riverside_db: Path, channel: str
) -> None:
    svc = riverside_service(tmp_path, riverside_db)
    audience_id = _approved(svc, channel)
    approval = svc.approval(svc.get(audience_id).approval_id or 0)
    frozen = svc.approved_members(approval.approval_id)
    assert frozen == [code(n) for n in (8, 12, 16, 20, 24)]
    assert approval.members_sha256 == members_digest(frozen)
    result = export_audience(svc, "ines", audience_id, ExportFormat.CSV, out_dir=tmp_path / "out")
    table = pacsv.read_csv(result.path)
    expected = {
        "whatsapp": (["member_code", "mobile"], [code(16), code(24)]),
        "post": (["member_code", "postal_address", "postcode", "city"],
                 [code(8), code(20), code(24)]),
    }[channel]  # fmt: skip
    assert (table.column_names, table.column("member_code").to_pylist()) == expected
    manifest = json.loads(result.manifest_path.read_text())
    assert (manifest["channel"], manifest["row_count"]) == (channel, len(expected[1]))
    assert manifest["columns"] == expected[0]
    assert svc.get(audience_id).state is AudienceState.EXPORTED
    assert audit.verify(svc.store).ok


def test_parquet_keeps_text_keys_as_text(tmp_path: Path, riverside_db: Path) -> None:
    svc = riverside_service(tmp_path, riverside_db)
    audience_id = _approved(svc, "sms")
    result = export_audience(svc, "ines", audience_id, ExportFormat.PARQUET, out_dir=tmp_path)
    table = pq.read_table(result.path)
    assert str(table.schema.field("member_code").type) == "string"
    assert table.column("member_code").to_pylist() == [code(16), code(24)]


def test_drift_on_text_keys_blocks_the_export(tmp_path: Path, riverside_db: Path) -> None:
    changed = tmp_path / "changed.duckdb"
    shutil.copy(riverside_db, changed)
    svc = riverside_service(tmp_path, changed)
    audience_id = _approved(svc, "email")
    svc.engine.close()  # type: ignore[attr-defined]
    with duckdb.connect(str(changed)) as con:  # member 8 leaves the patrons: 1 of 5 = 20 %
        con.execute("UPDATE members SET tier = 'reader' WHERE member_code = ?", [code(8)])
    svc = riverside_service(tmp_path, changed)
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "ines", audience_id, ExportFormat.CSV, out_dir=tmp_path / "out")
    assert svc.get(audience_id).state is AudienceState.PENDING_REVIEW
