"""Concurrency on the real engine: 32 approvers and 32 exporters at once, threads and processes.

Exactly one approval wins (four-eyes and the state guard live in the SQL UPDATE, inside
``BEGIN IMMEDIATE``); 32 exports of one approval produce one folder and one record.
Processes come from a ``forkserver`` (a clean process, so no DuckDB state is forked).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import Counter
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from audience.engine import AudienceEngine
from audience.errors import WorkflowError
from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceService, AudienceState, audit
from audience.workflow.export import ExportFormat, export_audience
from audience.workflow.export_files import verify_export_folder
from schema_catalog import Catalog
from tests.support.workflow_fakes import store_at, workspace

WORKERS = 32
REVIEWERS = ["reviewer", *(f"reviewer{i}" for i in range(2, WORKERS + 1))]


def gold(channel: str = "email") -> RuleTree:
    rule = Attribute(field="customers.loyalty_tier", op=Op.IN, value=["gold", "vip"])
    return RuleTree.model_validate({"root": Group(rules=[rule]).model_dump(), "channel": channel})


def make_service(state: Path, database: Path, catalog: Catalog) -> AudienceService:
    engine = AudienceEngine(database, catalog)
    return AudienceService(store_at(state), catalog, engine, workspace(reviewers=WORKERS))


def pending_audience(state: Path, database: Path, catalog: Catalog) -> AudienceService:
    svc = make_service(state, database, catalog)
    audience_id = svc.create("marketer", "Gold", gold()).audience_id
    svc.submit("marketer", audience_id)
    return svc


def run_threads(worker: Callable[[int], str]) -> list[str]:
    barrier = threading.Barrier(WORKERS)
    results: list[str] = [""] * WORKERS

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = worker(index)
        except WorkflowError as error:
            results[index] = f"refused:{type(error).__name__}"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_one_approval(svc: AudienceService, outcomes: list[str]) -> None:
    assert Counter(o == "approved" for o in outcomes)[True] == 1, outcomes
    assert all(o == "approved" or o.startswith("refused:") for o in outcomes), outcomes
    assert svc.get(1).state is AudienceState.APPROVED
    with svc.store.connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM approvals").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM approval_votes").fetchone()[0] == 1
    assert [e.action for e in audit.entries(svc.store)].count("approve") == 1
    assert audit.verify(svc.store).ok


def test_32_threads_approving_at_once_exactly_one_wins(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = pending_audience(tmp_path / "s.sqlite3", demo_db, catalog)

    def approve(index: int) -> str:
        return "approved" if svc.approve(REVIEWERS[index], 1).approved else "vote"

    assert_one_approval(svc, run_threads(approve))


def _approve_in_child(
    state: str, database: str, catalog: Catalog, user: str, barrier: Barrier
) -> None:
    svc = make_service(Path(state), Path(database), catalog)
    barrier.wait()
    try:
        svc.approve(user, 1)
    except WorkflowError:
        sys.exit(3)


def _export_in_child(
    state: str, database: str, out: str, catalog: Catalog, barrier: Barrier, queue: object
) -> None:
    svc = make_service(Path(state), Path(database), catalog)
    barrier.wait()
    result = export_audience(svc, "admin", 1, ExportFormat.CSV, out_dir=Path(out))
    queue.put(str(result.path))  # type: ignore[attr-defined]


def processes(target: Callable[..., None], *args: object) -> tuple[list[int], list[str]]:
    """Run ``target(*args, <per-child args>, barrier[, queue])`` in 32 forkserver children."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "pandas"])  # duckdb imports pandas lazily
    barrier, queue = context.Barrier(WORKERS), context.Queue()
    approving = target is _approve_in_child
    children = [
        context.Process(
            target=target,
            args=(*args, REVIEWERS[i], barrier) if approving else (*args, barrier, queue),
        )
        for i in range(WORKERS)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    codes = [child.exitcode if child.exitcode is not None else -1 for child in children]
    paths = [] if approving else [queue.get(timeout=5) for code in codes if code == 0]
    return codes, paths


@pytest.mark.slow
def test_32_processes_approving_at_once_exactly_one_wins(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    state = tmp_path / "s.sqlite3"
    svc = pending_audience(state, demo_db, catalog)
    codes, _ = processes(_approve_in_child, str(state), str(demo_db), catalog)
    assert Counter(codes) == Counter({0: 1, 3: WORKERS - 1}), codes
    assert_one_approval(svc, ["approved"] + ["refused:"] * (WORKERS - 1))


def approved_audience(state: Path, database: Path, catalog: Catalog) -> AudienceService:
    svc = pending_audience(state, database, catalog)
    assert svc.approve("reviewer", 1).approved
    return svc


def assert_one_export(svc: AudienceService, out: Path, paths: list[str]) -> None:
    assert len(paths) == WORKERS
    assert len(set(paths)) == 1
    folders = list(out.iterdir())
    assert len(folders) == 1
    assert verify_export_folder(folders[0])
    with svc.store.connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 1
    assert [e.action for e in audit.entries(svc.store)].count("export") == 1
    assert audit.verify(svc.store).ok


def test_32_threads_exporting_at_once_make_one_file(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    svc = approved_audience(tmp_path / "s.sqlite3", demo_db, catalog)
    out = tmp_path / "out"

    def export(index: int) -> str:
        return str(export_audience(svc, "admin", 1, ExportFormat.CSV, out_dir=out).path)

    assert_one_export(svc, out, run_threads(export))


@pytest.mark.slow
def test_32_processes_exporting_at_once_make_one_file(
    tmp_path: Path, demo_db: Path, catalog: Catalog
) -> None:
    state = tmp_path / "s.sqlite3"
    svc = approved_audience(state, demo_db, catalog)
    out = tmp_path / "out"
    codes, paths = processes(_export_in_child, str(state), str(demo_db), str(out), catalog)
    assert codes == [0] * WORKERS
    assert_one_export(svc, out, paths)
