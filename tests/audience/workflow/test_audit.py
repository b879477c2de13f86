"""Audit log: hash chain, append-only triggers, tampering detected at the entry touched."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from audience.errors import AuditTamperedError
from audience.workflow import Store, audit
from tests.support.workflow_fakes import store_at

ENTRIES = 8


def filled_store(tmp_path: Path) -> Store:
    store = store_at(tmp_path / "state.sqlite3")
    for index in range(ENTRIES):
        audit.record(
            store, f"user{index % 3}", "plan", audience_id=index % 2 or None,
            version=index, details={"request": f"request {index}", "n": index},
        )  # fmt: skip
    return store


def raw(store: Store) -> sqlite3.Connection:
    """A connection with the append-only triggers dropped, as an attacker editing the file."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def test_chain_links_every_entry_to_the_previous_hash(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    rows = audit.entries(store)
    assert [e.seq for e in rows] == list(range(1, ENTRIES + 1))
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert audit.verify(store) == audit.VerifyResult(True, ENTRIES)


def test_empty_log_verifies(tmp_path: Path) -> None:
    assert audit.verify(store_at(tmp_path / "s.sqlite3")) == audit.VerifyResult(True, 0)


def test_entries_filter_by_audience(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    assert [e.seq for e in audit.entries(store, audience_id=1)] == [2, 4, 6, 8]


def test_triggers_refuse_update_and_delete(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    with store.connect() as conn:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM audit_log WHERE seq = 1")
    assert audit.verify(store).ok


@pytest.mark.parametrize("index", range(ENTRIES))
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "mallory"),
        ("action", "approve"),
        ("details_json", '{"n":999,"request":"forged"}'),
        ("at", "2000-01-01T00:00:00+00:00"),
        ("audience_id", 42),
        ("version", 99),
        ("hash", "f" * 64),
        ("prev_hash", "e" * 64),
    ],
)
def test_altering_any_field_of_any_entry_is_detected_at_that_entry(
    tmp_path: Path, index: int, column: str, value: object
) -> None:
    store = filled_store(tmp_path)
    with raw(store) as conn:
        conn.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = ?", (value, index + 1))
    result = audit.verify(store)
    assert not result.ok
    assert result.first_bad_index == index
    assert result.entries == ENTRIES


def test_rehashing_an_altered_entry_is_still_caught_at_the_next_one(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    target = audit.entries(store)[3]
    forged = audit.entry_hash(
        store.trail, target.seq, target.at, "mallory", target.action, target.audience_id,
        target.version, target.details, target.prev_hash,
    )  # fmt: skip
    with raw(store) as conn:
        conn.execute(
            "UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = ?", (forged, target.seq)
        )
    result = audit.verify(store)
    assert (result.ok, result.first_bad_index) == (False, 4)


@pytest.mark.parametrize("index", range(ENTRIES - 1))
def test_removing_an_entry_is_detected_at_its_position(tmp_path: Path, index: int) -> None:
    store = filled_store(tmp_path)
    with raw(store) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = ?", (index + 1,))
    result = audit.verify(store)
    assert (result.ok, result.first_bad_index) == (False, index)


def test_require_intact_raises_on_tampering(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    assert audit.require_intact(store).entries == ENTRIES
    with raw(store) as conn:
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5")
    with pytest.raises(AuditTamperedError):
        audit.require_intact(store)


def test_record_returns_the_stored_entry(tmp_path: Path) -> None:
    store = store_at(tmp_path / "s.sqlite3")
    entry = audit.record(store, "assistant", "plan", details={"status": "proposal"})
    assert audit.entries(store) == [entry]
    assert entry.computed_hash(store.trail) == entry.hash
