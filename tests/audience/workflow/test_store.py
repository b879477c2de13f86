"""State store: WAL mode, named ordered migrations, one transaction per change, member blobs."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audience.workflow.migrations import MIGRATIONS
from audience.workflow.store import (
    Store,
    freeze_members,
    members_digest,
    store_path,
    thaw_members,
)
from settings import Settings
from tests.support.workflow_fakes import store_at, trail


def test_new_store_is_in_wal_mode_with_every_migration_applied_in_order(tmp_path: Path) -> None:
    store = store_at(tmp_path / "state" / "perimeter.sqlite3")
    with store.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == store.busy_timeout_ms
    names = [m.__name__ for m in MIGRATIONS]
    assert store.applied_migrations() == names
    assert names == sorted(names)
    assert all(name[:4] == f"m{i + 1:03d}" for i, name in enumerate(names))


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store_at(path)
    assert Store(path, trail(tmp_path)).migrate() == []
    assert len(Store(path, trail(tmp_path)).applied_migrations()) == len(MIGRATIONS)


def test_a_new_migration_runs_once_on_an_existing_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite3"
    store_at(path)

    def m999_test_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE audiences ADD COLUMN colour TEXT")

    monkeypatch.setattr("audience.workflow.store.MIGRATIONS", (*MIGRATIONS, m999_test_column))
    assert Store(path, trail(tmp_path)).migrate() == ["m999_test_column"]
    assert Store(path, trail(tmp_path)).migrate() == []


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    store = store_at(tmp_path / "s.sqlite3")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute(
            "INSERT INTO audiences (name, owner, current_version, version_author, state,"
            " created_at, updated_at) VALUES ('a', 'm', 1, 'm', 'draft', 'now', 'now')"
        )
        raise RuntimeError("boom")
    with store.connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM audiences").fetchone()[0] == 0


def test_state_column_rejects_unknown_states(tmp_path: Path) -> None:
    store = store_at(tmp_path / "s.sqlite3")
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        conn.execute(
            "INSERT INTO audiences (name, owner, current_version, version_author, state,"
            " created_at, updated_at) VALUES ('a', 'm', 1, 'm', 'shipped', 'now', 'now')"
        )


def test_second_writer_waits_for_the_first_instead_of_failing(tmp_path: Path) -> None:
    """Ordering, not durations: the second transaction starts only after the first one let go,
    whatever the machine's load (the first holds on until the second is asking)."""
    store = store_at(tmp_path / "s.sqlite3")
    holding, asking = threading.Event(), threading.Event()
    released: list[float] = []

    def first() -> None:
        with store.transaction() as conn:
            conn.execute("INSERT INTO _migrations VALUES ('hold', 'now')")
            holding.set()
            asking.wait(30)
            time.sleep(0.3)  # the second writer is blocked on the lock meanwhile
            released.append(time.perf_counter())

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(30)
    asking.set()
    with store.transaction() as conn:
        entered = time.perf_counter()
        assert conn.execute("SELECT COUNT(*) FROM _migrations WHERE name = 'hold'").fetchone()[0]
    thread.join()
    assert released and entered > released[0]


def test_store_path_comes_from_settings(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    assert store_path(settings) == tmp_path / "home" / "state" / "perimeter.sqlite3"


@given(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=200))
def test_member_blob_round_trips(ids: list[int]) -> None:
    ordered = sorted(set(ids))
    assert thaw_members(freeze_members(ordered)) == ordered
    assert members_digest(ordered) == members_digest(list(ordered))


def test_member_digest_changes_with_membership() -> None:
    assert members_digest([1, 2, 3]) != members_digest([1, 2, 4])
    assert members_digest([1, 2, 3]) != members_digest([1, 2])
