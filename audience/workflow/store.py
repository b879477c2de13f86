"""The state store: one SQLite file in WAL mode, shared by the UI and the CLI processes.

Every state change is one ``BEGIN IMMEDIATE`` transaction (``Store.transaction``): the write lock
is taken up front, so two writers queue behind ``busy_timeout`` instead of failing half-way, and a
process killed mid-change leaves the file as it was before the change. Migrations are named and
applied in order, once, recorded in ``_migrations`` (the idea of simonw/llm ``llm/migrations.py``).

Frozen member lists are stored as a zlib-compressed array of little-endian int64 ids; their digest
is the sha256 of that uncompressed byte string (``members_digest``).
"""

from __future__ import annotations

import array
import hashlib
import os
import sqlite3
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from audience.errors import StoreError
from settings import Settings

STORE_FILENAME = "perimeter.sqlite3"
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []
migration = MIGRATIONS.append


class Store:
    """A handle on the SQLite state file.

    Each thread of each process gets its own connection, opened on first use and kept (closing
    the last connection of a WAL database checkpoints and deletes the WAL, which is slow). A
    connection inherited through ``fork`` is never reused: the child opens its own.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int = 60_000) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
            check_same_thread=True,
        )  # fmt: skip
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _connection(self) -> sqlite3.Connection:
        cached: tuple[int, sqlite3.Connection] | None = getattr(self._local, "conn", None)
        if cached is not None and cached[0] == os.getpid():
            return cached[1]
        conn = self._open()
        self._local.conn = (os.getpid(), conn)
        return conn

    def close(self) -> None:
        """Close this thread's connection (others close when their thread's handle is dropped)."""
        cached: tuple[int, sqlite3.Connection] | None = getattr(self._local, "conn", None)
        if cached is not None and cached[0] == os.getpid():
            cached[1].close()
        self._local.conn = None

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, for reads (autocommit: each statement is consistent)."""
        yield self._connection()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any error."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, in order; returns their names."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        mode = self._connection().execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"Cannot switch {str(self.path)!r} to WAL mode (got {mode!r}).")
        with self.transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
            applied = []
            for step in MIGRATIONS:
                if step.__name__ not in done:
                    step(conn)
                    conn.execute(
                        "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                        (step.__name__, utc_now()),
                    )
                    applied.append(step.__name__)
        return applied

    def applied_migrations(self) -> list[str]:
        """Names of the applied migrations, in the order they were applied."""
        with self.connect() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def open_store(path: Path) -> Store:
    """Open (creating and migrating if needed) the store at ``path``.

    Raises:
        StoreError: the file cannot be opened or migrated.
    """
    store = Store(path)
    try:
        store.migrate()
    except sqlite3.Error as error:
        raise StoreError(
            f"Cannot open the state store {str(path)!r}: {error}",
            hint="Check the workspace folder is writable and the file is a Perimeter store.",
        ) from error
    return store


def store_path(settings: Settings) -> Path:
    """Where the workspace's store lives: ``<home>/state/perimeter.sqlite3``."""
    return settings.state_dir / STORE_FILENAME


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _member_bytes(member_ids: Sequence[int]) -> bytes:
    packed = array.array("q", member_ids)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def freeze_members(member_ids: Sequence[int]) -> bytes:
    """Compress a sorted member id list for storage."""
    return zlib.compress(_member_bytes(member_ids), level=6)


def thaw_members(blob: bytes) -> list[int]:
    """The member id list stored by ``freeze_members``."""
    packed = array.array("q")
    packed.frombytes(zlib.decompress(blob))
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()


def members_digest(member_ids: Sequence[int]) -> str:
    """sha256 of the sorted ids as little-endian int64s.

    >>> members_digest([]) == hashlib.sha256(b"").hexdigest()
    True
    """
    return hashlib.sha256(_member_bytes(member_ids)).hexdigest()


@migration
def m001_audiences(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE audiences (
            audience_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            channel TEXT,
            expected_size INTEGER,
            request_text TEXT,
            current_version INTEGER NOT NULL,
            version_author TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN
                ('draft', 'pending_review', 'approved', 'rejected', 'exported')),
            review_round INTEGER NOT NULL DEFAULT 0,
            requested_by TEXT,
            request_reason TEXT,
            assessment_json TEXT,
            review_comment TEXT,
            approval_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE versions (
            audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
            version INTEGER NOT NULL,
            rules_json TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            author TEXT NOT NULL,
            note TEXT,
            based_on INTEGER,
            created_at TEXT NOT NULL,
            PRIMARY KEY (audience_id, version)
        )"""
    )


@migration
def m002_approvals(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE approval_votes (
            vote_id INTEGER PRIMARY KEY AUTOINCREMENT,
            audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
            version INTEGER NOT NULL,
            review_round INTEGER NOT NULL,
            approver TEXT NOT NULL,
            comment TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (audience_id, version, review_round, approver)
        )"""
    )
    conn.execute(
        """CREATE TABLE approvals (
            approval_id INTEGER PRIMARY KEY AUTOINCREMENT,
            audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
            version INTEGER NOT NULL,
            review_round INTEGER NOT NULL,
            requested_by TEXT NOT NULL,
            approvers_json TEXT NOT NULL,
            rules_fingerprint TEXT NOT NULL,
            snapshot_id TEXT NOT NULL,
            members_sha256 TEXT NOT NULL,
            member_count INTEGER NOT NULL,
            members_blob BLOB NOT NULL,
            fingerprint TEXT NOT NULL,
            assessment_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            invalidated_at TEXT,
            invalidated_reason TEXT,
            UNIQUE (audience_id, version, review_round)
        )"""
    )


@migration
def m003_exports(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE exports (
            export_id INTEGER PRIMARY KEY AUTOINCREMENT,
            approval_id INTEGER NOT NULL REFERENCES approvals (approval_id),
            format TEXT NOT NULL CHECK (format IN ('csv', 'parquet')),
            path TEXT NOT NULL,
            manifest_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (approval_id, format)
        )"""
    )


@migration
def m004_audit_log(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            audience_id INTEGER,
            version INTEGER,
            details_json TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    # Append-only at the SQL level too; verify() still catches edits made around the triggers.
    for event in ("UPDATE", "DELETE"):
        conn.execute(
            f"""CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
        )
    conn.execute("CREATE INDEX audit_log_audience ON audit_log (audience_id, seq)")


@migration
def m005_conversations(conn: sqlite3.Connection) -> None:
    # Build conversations: each user's working one, and the one behind each saved version.
    conn.execute(
        """CREATE TABLE conversations (
            user_name TEXT PRIMARY KEY,
            body_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE version_conversations (
            audience_id INTEGER NOT NULL REFERENCES audiences (audience_id),
            version INTEGER NOT NULL,
            body_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (audience_id, version)
        )"""
    )
