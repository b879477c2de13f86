"""Crash safety: a child exporting a 200,000-member audience is SIGKILLed at random points.

After every kill: each visible export folder's data file matches its manifest checksum (no
partial or corrupt file is ever visible), the audit chain verifies, and the store agrees with the
disk (a recorded export exists and matches; ``exported`` state ⇔ a record for the approval).
A folder made visible just before the kill but not yet recorded is adopted by the next export.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from datetime import datetime
from multiprocessing.synchronize import Event
from pathlib import Path

import duckdb
import pytest

from audience.engine import AudienceEngine
from audience.errors import ExportBlockedError
from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceService, AudienceState, audit
from audience.workflow.export import ExportFormat, export_audience
from audience.workflow.export_files import verify_export_folder
from schema_catalog import Catalog
from schema_catalog.synthetic import create_table_sql
from tests.support.workflow_fakes import store_at, workspace

MEMBERS = 200_000
KILLS = 50


def tier(value: str) -> RuleTree:
    rule = Attribute(field="customers.loyalty_tier", op=Op.EQ, value=value)
    return RuleTree.model_validate({"root": Group(rules=[rule]).model_dump(), "channel": "email"})


RULES = tier("gold")


def build_large_database(path: Path, catalog: Catalog) -> Path:
    """Every catalog table; 200k gold customers, 90 % opted in to email, ~1 % suppressed."""
    with duckdb.connect(str(path)) as con:
        for table in catalog.tables:
            con.execute(create_table_sql(table)).fetchall()
        con.execute(
            "INSERT INTO customers (customer_id, email, loyalty_tier, loyalty_points)"
            " SELECT i, 'customer' || i || '@example.test', 'gold', i % 1000"
            " FROM range(1, ? + 1) t(i)",
            [MEMBERS],
        ).fetchall()
        con.execute(
            "INSERT INTO consents (customer_id, email_optin, sms_optin, push_optin)"
            " SELECT customer_id, customer_id % 10 <> 0, false, false FROM customers"
        ).fetchall()
        con.execute(
            "INSERT INTO suppressions (customer_id, channel, reason)"
            " SELECT customer_id, 'email', 'bounce' FROM customers WHERE customer_id % 97 = 0"
        ).fetchall()
    return path


def make_service(state: Path, database: Path, catalog: Catalog) -> AudienceService:
    engine = AudienceEngine(database, catalog)
    return AudienceService(store_at(state), catalog, engine, workspace())


def _export_child(
    state: str, database: str, out: str, fmt: str, catalog: Catalog, ready: Event
) -> None:
    svc = make_service(Path(state), Path(database), catalog)
    ready.set()
    export_audience(svc, "admin", 1, ExportFormat(fmt), out_dir=Path(out))


def arm(svc: AudienceService) -> None:
    """Make sure the audience is approved with no export yet for its approval."""
    audience = svc.get(1)
    if audience.state is AudienceState.APPROVED and not recorded(svc, audience.approval_id):
        return
    svc.edit("marketer", 1, RULES)
    svc.submit("marketer", 1, reason="crash test: whole base on purpose")
    first = svc.approve("reviewer", 1, comment="whole base on purpose")  # two approvers
    assert not first.approved and first.approvers_required == 2
    assert svc.approve("admin", 1, comment="whole base on purpose").approved


def recorded(svc: AudienceService, approval_id: int | None) -> bool:
    with svc.store.connect() as conn:
        row = conn.execute("SELECT 1 FROM exports WHERE approval_id = ?", (approval_id,))
        return row.fetchone() is not None


def check_consistency(svc: AudienceService, out: Path) -> str:
    """Assert disk, store and audit agree; return what the kill left behind."""
    visible = [p for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
    for folder in visible:
        assert folder.is_dir() and verify_export_folder(folder), folder
    assert audit.verify(svc.store).ok
    audience = svc.get(1)
    with svc.store.connect() as conn:
        rows = conn.execute("SELECT approval_id, path, sha256 FROM exports").fetchall()
    for _, path, _digest in rows:
        assert verify_export_folder(Path(path).parent)
    is_recorded = recorded(svc, audience.approval_id)
    assert (audience.state is AudienceState.EXPORTED) == is_recorded
    if is_recorded:
        return "completed"
    ours = [f for f in visible if f"approval{audience.approval_id}-" in f.name]
    if ours:
        return "visible, not yet recorded"
    hidden = [p for p in out.glob(".tmp-*") if p.stat().st_mtime >= started_at(svc)]
    return "killed while writing (hidden temp only)" if hidden else "killed before writing"


def started_at(svc: AudienceService) -> float:
    """When the current approval was made (temp folders older than it are from earlier runs)."""
    approval = svc.approval(svc.get(1).approval_id or 0)
    return datetime.fromisoformat(approval.created_at).timestamp()


def run_child(context: multiprocessing.context.ForkServerContext, args: tuple[object, ...],
              delay: float | None) -> tuple[int | None, float]:  # fmt: skip
    ready = context.Event()
    child = context.Process(target=_export_child, args=(*args, ready))
    child.start()
    assert ready.wait(60)
    started = time.perf_counter()
    if delay is None:
        child.join(120)
    else:
        time.sleep(delay)
        child.kill()  # SIGKILL; ignores a child that already finished
        child.join(30)
    return child.exitcode, time.perf_counter() - started


@pytest.mark.slow
def test_sigkill_during_export_never_leaves_a_partial_file(
    tmp_path: Path, catalog: Catalog
) -> None:
    database = build_large_database(tmp_path / "large.duckdb", catalog)
    state, out = tmp_path / "state" / "perimeter.sqlite3", tmp_path / "exports"
    svc = make_service(state, database, catalog)
    svc.create("marketer", "Everyone gold", RULES)
    arm(svc)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "pandas"])  # duckdb imports pandas lazily
    code, duration = run_child(context, (str(state), str(database), str(out), "csv", catalog), None)
    assert code == 0 and check_consistency(svc, out) == "completed"
    rng, outcomes, formats = random.Random(20261001), Counter[str](), ["csv", "parquet"]
    # The first kill lands as the export starts, so a kill before completion is certain, not a
    # matter of where the random delays fall on a machine of unknown speed.
    delays = [0.0, *(rng.uniform(0, duration * 1.1) for _ in range(KILLS - 1))]
    for kill, delay in enumerate(delays):
        arm(svc)
        fmt = formats[kill % 2]
        args = (str(state), str(database), str(out), fmt, catalog)
        run_child(context, args, delay)
        outcome = check_consistency(svc, out)
        outcomes[outcome] += 1
        if outcome == "visible, not yet recorded":  # never adopted: an operator moves it away
            quarantine(svc, out, tmp_path / "quarantine")
    final = export_audience(svc, "admin", 1, ExportFormat.PARQUET, out_dir=out)
    assert verify_export_folder(final.path.parent) and check_consistency(svc, out) == "completed"
    print(f"\ncrash safety: {KILLS} kills over {duration:.2f}s exports of {final.row_count} rows:"
          f" {dict(outcomes)}")  # fmt: skip
    assert sum(outcomes.values()) == KILLS
    assert outcomes["killed before writing"] + outcomes["killed while writing (hidden temp only)"]


def quarantine(svc: AudienceService, out: Path, aside: Path) -> None:
    """Move the unrecorded folder of the current approval out of the exports folder."""
    aside.mkdir(exist_ok=True)
    for folder in out.glob(f"*-approval{svc.get(1).approval_id}-*"):
        folder.rename(aside / f"{folder.name}-{time.time_ns()}")


def test_folder_renamed_but_not_recorded_is_never_adopted(
    tmp_path: Path, demo_db: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one window a kill can leave visible: after the rename, before the commit. The next
    export refuses the folder (it did not write it) until someone moves it away."""
    svc = make_service(tmp_path / "s.sqlite3", demo_db, catalog)
    svc.create("marketer", "VIP", tier("vip"))
    svc.submit("marketer", 1)
    assert svc.approve("reviewer", 1).approved
    out = tmp_path / "out"

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("simulated kill after the rename")

    with monkeypatch.context() as patch:
        patch.setattr("audience.workflow.export.audit.append_entry", crash)
        with pytest.raises(KeyboardInterrupt):
            export_audience(svc, "admin", 1, ExportFormat.CSV, out_dir=out)
    assert check_consistency(svc, out) == "visible, not yet recorded"
    with pytest.raises(ExportBlockedError):
        export_audience(svc, "admin", 1, ExportFormat.CSV, out_dir=out)
    assert check_consistency(svc, out) == "visible, not yet recorded"
    quarantine(svc, out, tmp_path / "aside")
    written = export_audience(svc, "admin", 1, ExportFormat.CSV, out_dir=out)
    assert check_consistency(svc, out) == "completed"
    assert [p.name for p in out.iterdir()] == [written.path.parent.name]
    assert audit.entries(svc.store)[-1].action == "export"
