"""UUID profile keys: the Riverside data with its member keys stored as DuckDB ``UUID``.

The catalog still declares the key ``string`` (as ``catalog draft`` writes it): the drift check,
the draft, counts, samples, shares, breakdowns, leave-one-out, waterfalls, contacts, approval
fingerprints and exports must all take UUIDs as their text. Expected members are the same
hand-derived ones as on text keys (``tests/support/riverside.py``), under ``member_uuid(n)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from audience.engine import AudienceEngine
from audience.rules import Group, RuleTree
from audience.workflow import AudienceState, audit
from audience.workflow.export import ExportFormat, export_audience
from audience.workflow.store import members_digest
from schema_catalog import check_drift, draft_catalog_from_database, sorted_keys
from tests.support.riverside import (
    ADULTS,
    PATRONS,
    build_riverside_database,
    member_uuid,
    riverside_catalog,
    riverside_service,
)

EVERYONE = RuleTree(root=Group())


def uuids(*numbers: int) -> list[str]:
    """The members' UUID keys in canonical order."""
    return sorted_keys(member_uuid(n) for n in numbers)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def uuid_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("riverside_uuid")
    return build_riverside_database(directory / "riverside.duckdb", uuid_keys=True)


@pytest.fixture(scope="module")
def engine(uuid_db: Path) -> Iterator[AudienceEngine]:
    with AudienceEngine(uuid_db, riverside_catalog()) as running:
        yield running


def test_uuid_columns_are_text_to_the_drift_check_and_the_draft(
    uuid_db: Path, tmp_path: Path
) -> None:
    assert [i.code for i in check_drift(riverside_catalog(), uuid_db) if i.is_error] == []
    text_db = build_riverside_database(tmp_path / "text_keys.duckdb")  # its own, never open
    drafted, on_text_keys = (draft_catalog_from_database(db) for db in (uuid_db, text_db))
    assert drafted["profile"] == {"table": "members", "key": "member_code", "label": "member"}
    assert (drafted["tables"], drafted["channels"]) == (
        on_text_keys["tables"], on_text_keys["channels"]
    )  # fmt: skip


def test_counts_members_samples_and_shares(engine: AudienceEngine) -> None:
    assert engine.count(EVERYONE).count == len(ADULTS)
    assert engine.member_ids(EVERYONE) == uuids(*ADULTS)
    assert engine.member_ids(PATRONS) == uuids(8, 12, 16, 20, 24)
    sample = engine.sample(EVERYONE, 5, seed=3)
    assert sample.rows == engine.sample(EVERYONE, 5, seed=3).rows and len(sample.rows) == 5
    assert {row["member_code"] for row in sample.rows} <= set(uuids(*ADULTS))
    half = engine.member_ids(EVERYONE.model_copy(update={"sample_share": 0.5}))
    quarter = engine.member_ids(EVERYONE.model_copy(update={"sample_share": 0.25}))
    assert set(quarter) <= set(half) and 0 < len(quarter) <= len(half) < len(ADULTS)


def test_breakdown_leave_one_out_waterfall_and_contacts(engine: AudienceEngine) -> None:
    cities = {row.value: row.count for row in engine.breakdown(PATRONS, "members.city")}
    assert cities == {"York": 2, "Bath": 1, "Bristol": 1, "Leeds": 1}
    assert [(r.count_without, r.full_count) for r in engine.leave_one_out(PATRONS)] == [(20, 5)]
    assert tuple(vars(engine.waterfall(PATRONS, "whatsapp")).values())[1:] == (5, 4, 3, 2)
    contacts = engine.eligible_contacts("whatsapp", engine.member_ids(PATRONS)).to_pylist()
    assert sorted((row["member_code"], row["mobile"]) for row in contacts) == sorted(
        [(member_uuid(16), "+447700900016"), (member_uuid(24), "+447700900024")]
    )
    shown = engine.profiles([member_uuid(16), member_uuid(8)])
    assert sorted(str(row["member_code"]) for row in shown.rows) == uuids(8, 16)


@pytest.mark.parametrize("export_format", [ExportFormat.CSV, ExportFormat.PARQUET])
def test_approve_and_export_uuid_members(
    tmp_path: Path, uuid_db: Path, export_format: ExportFormat
) -> None:
    svc = riverside_service(tmp_path, uuid_db)
    audience = svc.create("ines", "patrons on WhatsApp", PATRONS, channel="whatsapp")
    svc.submit("ines", audience.audience_id)
    svc.approve("tom", audience.audience_id, comment="ok")
    approval = svc.approval(svc.get(audience.audience_id).approval_id or 0)
    frozen = svc.approved_members(approval.approval_id)
    assert frozen == uuids(8, 12, 16, 20, 24)
    assert approval.members_sha256 == members_digest(frozen)
    result = export_audience(svc, "ines", audience.audience_id, export_format, out_dir=tmp_path)
    read = pacsv.read_csv if export_format is ExportFormat.CSV else pq.read_table
    table = read(result.path)
    assert str(table.schema.field("member_code").type) == "string"
    assert sorted(table.column("member_code").to_pylist()) == uuids(16, 24)
    manifest = json.loads(result.manifest_path.read_text())
    assert (manifest["channel"], manifest["row_count"]) == ("whatsapp", 2)
    assert svc.get(audience.audience_id).state is AudienceState.EXPORTED
    assert audit.verify(svc.store).ok
