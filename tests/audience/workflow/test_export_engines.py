"""Export streams its members and contacts in batches on every engine, and PostgreSQL and Spark
export the same rows as DuckDB from the same demo data (copied row for row).

The engine is the real one, counting what passes through it: every member batch the recount
reads and every contact query the export makes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.workflow import AudienceService, ExportFormat, export_audience, load_workspace
from audience.workflow.records import Segments
from schema_catalog import Catalog, ProfileKey
from tests.audience.workflow.test_export import approved, gold_or_vip
from tests.support.workflow_fakes import store_at

BATCH = 150
"""Far smaller than the audience (about 640 gold or VIP customers of the 5,000): five batches."""


class CountingEngine(AudienceEngine):
    """The real engine, recording the size of each member batch and of each contact query."""

    def __init__(self, target: str | Path, catalog: Catalog) -> None:
        super().__init__(target, catalog)
        self.start_counting()

    def start_counting(self) -> None:
        """Forget what was counted so far (e.g. the approval's own member list)."""
        self.member_batch_sizes, self.contact_query_sizes = [], []

    def member_batches(
        self, tree: RuleTree, *, segments: Segments | None = None, batch_size: int = 10_000
    ) -> Iterator[list[ProfileKey]]:
        for batch in super().member_batches(tree, segments=segments, batch_size=batch_size):
            self.member_batch_sizes.append(len(batch))
            yield batch

    def eligible_contacts(self, channel: str, member_ids: Sequence[ProfileKey]) -> pa.Table:
        self.contact_query_sizes.append(len(member_ids))
        return super().eligible_contacts(channel, member_ids)


def export_on(
    target: str | Path, catalog: Catalog, tmp_path: Path, fmt: ExportFormat, batch_size: int
) -> tuple[pa.Table, dict[str, object], CountingEngine]:
    """Approve gold-or-VIP for email on ``target`` and export it; the file's rows, the manifest's
    counts and the engine."""
    engine = CountingEngine(target, catalog)
    svc = AudienceService(store_at(tmp_path / "state.sqlite3"), catalog, engine, load_workspace())
    audience_id = approved(svc, "Gold", gold_or_vip())
    engine.start_counting()
    result = export_audience(svc, "marketer", audience_id, fmt, out_dir=tmp_path / "out",
                             batch_size=batch_size)  # fmt: skip
    engine.close()
    parquet = fmt is ExportFormat.PARQUET
    table = pq.read_table(result.path) if parquet else pacsv.read_csv(result.path)
    counts = result.manifest["counts"]
    assert isinstance(counts, dict)
    manifest = {**counts, "rejected": result.manifest["contacts_rejected"]}
    return table, manifest, engine


@pytest.fixture(scope="module")
def duckdb_export(
    demo_db: Path, catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[dict[str, object]], dict[str, object]]:
    """DuckDB's export in one batch (the default batch size holds the whole audience)."""
    table, manifest, engine = export_on(
        demo_db, catalog, tmp_path_factory.mktemp("reference"), ExportFormat.CSV, 10_000
    )
    assert engine.contact_query_sizes == [manifest["still_matching"]]
    return table.to_pylist(), manifest


@pytest.mark.parametrize(
    ("backend", "fmt"),
    [("duckdb", ExportFormat.CSV), ("duckdb", ExportFormat.PARQUET),
     ("postgresql", ExportFormat.PARQUET),
     pytest.param("spark", ExportFormat.CSV,
                  marks=[pytest.mark.xdist_group("spark"), pytest.mark.slow])],
)  # fmt: skip
def test_export_streams_in_batches_and_matches_duckdb(
    backend: str,
    fmt: ExportFormat,
    request: pytest.FixtureRequest,
    catalog: Catalog,
    tmp_path: Path,
    duckdb_export: tuple[list[dict[str, object]], dict[str, object]],
) -> None:
    fixture = {"duckdb": "demo_db", "postgresql": "pg_demo", "spark": "spark_demo"}[backend]
    target = request.getfixturevalue(fixture)
    table, manifest, engine = export_on(target, catalog, tmp_path, fmt, BATCH)
    expected_rows, expected_manifest = duckdb_export
    assert table.to_pylist() == expected_rows
    assert manifest == expected_manifest
    kept = manifest["still_matching"]
    assert isinstance(kept, int) and kept > 3 * BATCH  # four batches at least
    members = engine.member_batch_sizes
    assert sum(members) == kept and members[:-1] == [BATCH] * (len(members) - 1)
    assert 0 < members[-1] <= BATCH
    queries = engine.contact_query_sizes
    assert len(queries) == math.ceil(kept / BATCH) and max(queries) == BATCH
    assert sum(queries) == kept
