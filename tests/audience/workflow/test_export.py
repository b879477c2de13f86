"""Export on the real engine and the 5,000-customer demo database.

Only consented, non-suppressed members with a contact, only the id + contact columns; CSV and
Parquet; manifest checksums; idempotent; drift within tolerance exports the approved members still
eligible, drift beyond it blocks and sends the audience back to review.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from audience.engine import AudienceEngine
from audience.errors import ExportBlockedError
from audience.rules import Attribute, Group, Op, RuleTree, SegmentRef
from audience.workflow import AudienceService, AudienceState, audit, load_workspace
from audience.workflow.export import ExportFormat, export_audience
from audience.workflow.export_files import file_sha256, verify_export_folder
from audience.workflow.export_stream import measure_drift
from schema_catalog import Catalog
from tests.support.workflow_fakes import store_at

CONTACT = {"email": "email", "sms": "phone", "push": "push_token"}
CONSENT = {"email": "c.email_optin", "sms": "c.sms_optin", "push": "c.push_optin"}
CONTACT_SQL = {"email": "p.email", "sms": "p.phone", "push": "d.push_token"}


def gold_or_vip(channel: str | None = "email") -> RuleTree:
    rule = Attribute(field="customers.loyalty_tier", op=Op.IN, value=["gold", "vip"])
    return RuleTree.model_validate({"root": Group(rules=[rule]).model_dump(), "channel": channel})


def make_service(state_dir: Path, database: Path, catalog: Catalog) -> AudienceService:
    store = store_at(state_dir / "perimeter.sqlite3")
    return AudienceService(store, catalog, AudienceEngine(database, catalog), load_workspace())


def approved(svc: AudienceService, name: str, rules: RuleTree, channel: str = "email") -> int:
    audience_id = svc.create("marketer", name, rules, channel=channel).audience_id
    svc.submit("marketer", audience_id)
    assert svc.approve("reviewer", audience_id).approved
    return audience_id


def read_ids(path: Path) -> list[int]:
    table = pq.read_table(path) if path.suffix == ".parquet" else pacsv.read_csv(path)
    return table.column("customer_id").to_pylist()


def eligible_by_sql(svc: AudienceService, channel: str, ids: list[int]) -> list[int]:
    """An independent statement of eligibility, straight in SQL on the demo schema.

    Runs on the engine's own read-only connection: DuckDB refuses a second connection with
    another configuration to the same file in one process.
    """
    assert isinstance(svc.engine, AudienceEngine)
    rows = (
        svc.engine.cursor()
        .execute(
            f"""SELECT p.customer_id FROM customers p
            JOIN consents c USING (customer_id) LEFT JOIN app_devices d USING (customer_id)
            WHERE {CONSENT[channel]} AND {CONTACT_SQL[channel]} IS NOT NULL
            AND p.customer_id NOT IN (SELECT customer_id FROM suppressions
                                      WHERE channel IN (?, 'all'))
            ORDER BY 1""",
            [channel],
        )
        .fetchall()
    )
    wanted = set(ids)
    return [row[0] for row in rows if row[0] in wanted]


def drifted_copy(demo_db: Path, tmp_path: Path, ids: list[int]) -> Path:
    """A copy of the database where the given customers dropped to the standard tier."""
    copy = tmp_path / "drifted.duckdb"
    shutil.copy(demo_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "UPDATE customers SET loyalty_tier = 'standard' WHERE customer_id IN "
            "(SELECT unnest(?::BIGINT[]))",
            [ids],
        )
    return copy


@pytest.mark.parametrize("channel", ["email", "sms", "push"])
def test_export_keeps_only_eligible_members_and_the_channel_columns(
    tmp_path: Path, demo_db: Path, catalog: Catalog, channel: str
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, f"gold {channel}", gold_or_vip(channel), channel=channel)
    result = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    table = pacsv.read_csv(result.path)
    assert table.column_names == ["customer_id", CONTACT[channel]]
    assert table.column(CONTACT[channel]).null_count == 0
    approval = svc.approval(svc.get(audience_id).approval_id or 0)
    members = svc.approved_members(approval.approval_id)
    assert read_ids(result.path) == eligible_by_sql(svc, channel, members)
    waterfall = svc.engine.waterfall(gold_or_vip(channel), channel)
    assert result.row_count == table.num_rows == waterfall.contactable
    assert 0 < result.row_count < len(members)
    assert svc.get(audience_id).state is AudienceState.EXPORTED


def test_manifest_names_approval_counts_and_checksum(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, "Gold", gold_or_vip())
    result = export_audience(svc, "admin", audience_id, ExportFormat.PARQUET, out_dir=tmp_path)
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest == result.manifest
    assert manifest["sha256"] == file_sha256(result.path) == result.sha256
    assert manifest["row_count"] == pq.read_table(result.path).num_rows
    assert (manifest["audience"], manifest["version"], manifest["format"]) == ("Gold", 1, "parquet")
    assert manifest["approval"]["approvers"] == ["reviewer"]
    assert manifest["approval"]["requested_by"] == "marketer"
    assert manifest["exported_by"] == "admin"
    steps = manifest["counts"]["waterfall_now"]
    assert steps["matched"] >= steps["consented"] >= steps["not_suppressed"]
    assert steps["not_suppressed"] >= steps["contactable"] == manifest["row_count"]
    assert manifest["drift"]["share"] == 0.0
    assert verify_export_folder(result.path.parent)


def test_exporting_again_returns_the_same_file_never_a_duplicate(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, "Gold", gold_or_vip())
    out = tmp_path / "out"
    first = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=out)
    again = export_audience(svc, "admin", audience_id, ExportFormat.CSV, out_dir=tmp_path / "x")
    assert (again.path, again.sha256, again.reused, first.reused) == (
        first.path, first.sha256, True, False,
    )  # fmt: skip
    assert [p.name for p in out.iterdir()] == [first.path.parent.name]
    assert not (tmp_path / "x").exists()
    exports = [e for e in audit.entries(svc.store) if e.action == "export"]
    assert len(exports) == 1
    other = export_audience(svc, "marketer", audience_id, ExportFormat.PARQUET, out_dir=out)
    assert sorted(read_ids(other.path)) == sorted(read_ids(first.path))


def test_small_drift_exports_the_approved_members_still_eligible(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, "Gold", gold_or_vip())
    frozen = svc.approved_members(svc.get(audience_id).approval_id or 0)
    exportable = eligible_by_sql(svc, "email", frozen)
    gone = exportable[:3]  # 3 of ~640 members: well under 2 %
    later = make_service(tmp_path / "state", drifted_copy(demo_db, tmp_path, gone), catalog)
    result = export_audience(later, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    assert read_ids(result.path) == [i for i in exportable if i not in gone]
    assert result.manifest["drift"]["removed"] == 3
    assert result.manifest["drift"]["added"] == 0
    assert result.manifest["approval"]["snapshot_id"] != result.manifest["export_snapshot_id"]


def test_drift_beyond_tolerance_blocks_and_requires_reapproval(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, "Gold", gold_or_vip())
    first = svc.get(audience_id).approval_id or 0
    frozen = svc.approved_members(first)
    gone = frozen[: len(frozen) // 20]  # 5 %
    later = make_service(tmp_path / "state", drifted_copy(demo_db, tmp_path, gone), catalog)
    with pytest.raises(ExportBlockedError):
        export_audience(later, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    back = later.get(audience_id)
    assert (back.state, back.approval_id) == (AudienceState.PENDING_REVIEW, None)
    assert not later.approval(first).valid
    assert [e.action for e in later.history(audience_id)][-1] == "approval_invalidated"
    assert later.approve("admin", audience_id).approved
    result = export_audience(later, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    assert not set(read_ids(result.path)) & set(gone)
    assert audit.verify(later.store).ok


def test_blocked_when_not_approved_or_analysis_only(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    draft = svc.create("marketer", "Draft", gold_or_vip()).audience_id
    segment = svc.create("marketer", "Seg", gold_or_vip(None)).audience_id
    svc.submit("marketer", segment)
    svc.approve("reviewer", segment)
    for audience_id in (draft, segment):
        with pytest.raises(ExportBlockedError):
            export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)


def test_editing_a_used_segment_after_approval_blocks_the_export(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    segment = svc.create("marketer", "golden", gold_or_vip(None)).audience_id
    uses = RuleTree(root=Group(rules=[SegmentRef(segment="golden")]))
    audience_id = approved(svc, "From segment", uses)
    same = Attribute(field="customers.loyalty_tier", op=Op.IN, value=["vip", "gold"])
    svc.edit("marketer", segment, RuleTree(root=Group(rules=[same])))
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path)
    assert svc.get(audience_id).state is AudienceState.PENDING_REVIEW


def test_export_leaves_no_temporary_files(tmp_path: Path, demo_db: Path, catalog: Catalog) -> None:
    svc = make_service(tmp_path / "state", demo_db, catalog)
    audience_id = approved(svc, "Gold", gold_or_vip())
    out = tmp_path / "out"
    result = export_audience(svc, "marketer", audience_id, ExportFormat.CSV, out_dir=out)
    assert sorted(p.name for p in out.rglob("*")) == sorted(
        [result.path.parent.name, result.path.name, "manifest.json"]
    )


@pytest.mark.parametrize(
    ("approved_ids", "current_ids", "share"),
    [([1, 2, 3, 4], [1, 2, 3, 4], 0.0), ([1, 2, 3, 4], [2, 3, 4, 5], 0.5), ([], [1], 1.0)],
)
def test_drift_is_symmetric_difference_over_approved_size(
    approved_ids: list[int], current_ids: list[int], share: float
) -> None:
    assert measure_drift(approved_ids, current_ids, 0.02).share == share


@pytest.mark.parametrize(("changed", "blocked"), [(1, False), (2, False), (3, True)])
def test_drift_tolerance_boundary(changed: int, blocked: bool) -> None:
    base = list(range(100))
    current = base[changed:]  # 1 %, 2 % (= tolerance), 3 %
    assert measure_drift(base, current, 0.02).blocked is blocked
