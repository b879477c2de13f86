"""The state store: one SQLite file in WAL mode, shared by the UI and the CLI processes.

Every state change is one ``BEGIN IMMEDIATE`` transaction (``Store.transaction``): the write lock
is taken up front, so two writers queue behind ``busy_timeout`` instead of failing half-way, and a
process killed mid-change leaves the file as it was before the change. Migrations
(``audience.workflow.migrations``) are named and applied in order, once, recorded in
``_migrations`` (the idea of simonw/llm ``llm/migrations.py``).

Every connection carries the workspace's ``AuditTrail`` (the audit MAC key), so an entry
appended inside a transaction is MAC-ed without the key ever being stored; after each commit the
audit anchor (``audience.workflow.trail``) is advanced. SQLite failures other than constraint
violations (disk full, corrupted pages, a locked or unreadable file) become ``StoreError`` with
what to do.

Frozen member lists are stored zlib-compressed: integer keys as an array of little-endian int64s,
text keys (``C0001234``, UUIDs) as a marked canonical JSON list; their digest is the sha256 of the
uncompressed bytes (``members_digest``).
"""

from __future__ import annotations

import array
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from audience.errors import HistoryMissingError, StoreError, WorkspaceBindingError
from audience.workflow.migrations import MIGRATIONS
from audience.workflow.trail import AuditTrail, advance_checkpoint, load_trail, read_checkpoint
from languages import say
from schema_catalog import ProfileKey
from settings import Settings

STORE_FILENAME = "perimeter.sqlite3"


class StoreConnection(sqlite3.Connection):
    """A connection that knows the workspace's audit trail (for MAC-ing appended entries)."""

    trail: AuditTrail


class Store:
    """A handle on the SQLite state file.

    Each thread of each process gets its own connection, opened on first use and kept (closing
    the last connection of a WAL database checkpoints and deletes the WAL, which is slow). A
    connection inherited through ``fork`` is never reused: the child opens its own.
    """

    def __init__(self, path: Path, trail: AuditTrail, *, busy_timeout_ms: int = 60_000) -> None:
        self.path = path
        self.trail = trail
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()

    def _open(self) -> StoreConnection:
        conn = sqlite3.connect(
            self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
            check_same_thread=True, factory=StoreConnection,
        )  # fmt: skip
        conn.trail = self.trail
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _connection(self) -> StoreConnection:
        cached: tuple[int, StoreConnection] | None = getattr(self._local, "conn", None)
        if cached is not None and cached[0] == os.getpid():
            return cached[1]
        with store_errors(self.path):
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
        with store_errors(self.path):
            yield self._connection()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads of this thread in the block all see one state of the store (a read
        transaction), however many writers commit meanwhile."""
        with store_errors(self.path):
            conn = self._connection()
            if conn.in_transaction:  # already inside one: already consistent
                yield
                return
            conn.execute("BEGIN")
            try:
                yield
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any error.

        After the commit the audit anchor is advanced to the log's new head.
        """
        with store_errors(self.path):
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            had_history = _log_has_entries(conn)
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            self._anchor(conn, had_history)

    def _anchor(self, conn: sqlite3.Connection, had_history: bool) -> None:
        """Advance the anchor; a missing one is only created for a log that had no entries (a
        deleted anchor is never silently re-made: ``audit verify`` reports it)."""
        if self.trail.checkpoint is None or not _has_table(conn, "audit_log"):
            return
        if had_history and not self.trail.checkpoint.exists():
            return
        last = conn.execute("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")
        row = last.fetchone()
        if row is not None:
            advance_checkpoint(self.trail, int(row[0]), str(row[1]), str(row[2]))

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, in order; returns their names."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        mode = self._connection().execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(say("no_wal_mode", path=str(self.path), mode=repr(mode)))
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


def open_store(path: Path, trail: AuditTrail) -> Store:
    """Open (creating and migrating if needed) the store at ``path``.

    A store is only created where no history is expected: if the audit anchor records entries
    and the file is gone, that is a deleted store, not a new workspace.

    Raises:
        HistoryMissingError: the file is missing but the anchor says it had history.
        StoreError: the file cannot be opened or migrated.
    """
    if not path.exists() and trail.checkpoint is not None:
        anchor = read_checkpoint(trail.checkpoint)
        if anchor is not None and anchor.entries > 0:
            message = say(
                "store_missing", path=str(path), anchor=str(trail.checkpoint),
                entries=anchor.entries,
            )  # fmt: skip
            raise HistoryMissingError(message, hint=say("restore_store"))
    store = Store(path, trail)
    try:
        store.migrate()
    except sqlite3.Error as error:
        message = say("store_unopenable", path=str(path), raw=str(error))
        raise StoreError(message, hint=say("check_store_folder")) from error
    return store


def open_workspace_store(settings: Settings) -> Store:
    """The workspace's store with its audit trail (key and anchor from the settings).

    Raises:
        HistoryMissingError, StoreError, AuditKeyError: see ``open_store`` and ``load_trail``.
    """
    path = store_path(settings)
    store = open_store(path, load_trail(settings, history=_has_history(path)))
    bind_users_file(store, settings.users_file)
    return store


DEMO_USERS = "demo"


def bind_users_file(store: Store, users_file: Path | None) -> None:
    """Tie the store to the users file it was first used with (MAC-ed under the audit key), so
    nobody approves in this workspace as a user of a file they wrote themselves and pointed
    ``PERIMETER_WORKSPACE_FILE`` at. Leaving the demo accounts for a users file is allowed once.

    Raises:
        WorkspaceBindingError: the store belongs to another users file, or its binding was edited.
    """
    name = str(users_file.resolve()) if users_file is not None else DEMO_USERS
    mac = store.trail.mac("\x1f".join(("users_file", name)))
    with store.connect() as conn:
        row = conn.execute("SELECT users_file, mac FROM workspace_binding").fetchone()
    if row is not None and row["users_file"] == name and _same(row["mac"], mac):
        return
    with store.transaction() as conn:
        row = conn.execute("SELECT users_file, mac FROM workspace_binding").fetchone()
        if row is not None and (row["users_file"] != DEMO_USERS or not _same(
            row["mac"], store.trail.mac("\x1f".join(("users_file", DEMO_USERS)))
        )):  # fmt: skip
            message = say("bound_to_other_users", bound=row["users_file"], given=name)
            raise WorkspaceBindingError(message, hint=say("point_back_users_file"))
        conn.execute("DELETE FROM workspace_binding")
        conn.execute("INSERT INTO workspace_binding VALUES (1, ?, ?)", (name, mac))


def _same(stored: object, expected: str) -> bool:
    return isinstance(stored, str) and hmac.compare_digest(stored, expected)


def _log_has_entries(conn: sqlite3.Connection) -> bool:
    if not _has_table(conn, "audit_log"):
        return False
    return conn.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone() is not None


def _has_history(path: Path) -> bool:
    if not path.exists():
        return False
    with store_errors(path), closing(sqlite3.connect(path)) as conn:
        return _log_has_entries(conn)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures (except constraint violations) into ``StoreError`` with advice."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.Error as error:
        text = str(error)
        hint = _STORE_HINTS.get(next((k for k in _STORE_HINTS if k in text), ""), _STORE_HINT)
        message = say("store_failed", path=str(path), raw=text)
        raise StoreError(message, hint=hint) from error


_STORE_HINT = say("store_check_folder")
_STORE_HINTS = {
    "full": say("store_disk_full"),
    "malformed": say("store_corrupted"),
    "not a database": say("store_not_perimeter"),
    "locked": say("store_locked"),
    "readonly": say("store_read_only"),
}


def store_path(settings: Settings) -> Path:
    """Where the workspace's store lives: ``<home>/state/perimeter.sqlite3``."""
    return settings.state_dir / STORE_FILENAME


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


_TEXT_KEYS_MAGIC = (2**63 - 1).to_bytes(8, "little") + bytes(8) + b"perimeter-text-keys-v1\n"
"""Starts a text-key member list. A sorted list of distinct int64 ids can never begin with the
largest int64 followed by 0, so the two encodings cannot be confused."""


def _member_bytes(member_ids: Sequence[ProfileKey]) -> bytes:
    """Integer keys: little-endian int64s (unchanged since the first release). Any text key:
    the magic, then the keys as canonical JSON (UTF-8, no spaces)."""
    if all(isinstance(key, int) for key in member_ids):
        packed = array.array("q", [int(key) for key in member_ids])
        if sys.byteorder != "little":
            packed.byteswap()
        return packed.tobytes()
    text = json.dumps([str(key) for key in member_ids], ensure_ascii=False, separators=(",", ":"))
    return _TEXT_KEYS_MAGIC + text.encode()


def freeze_members(member_ids: Sequence[ProfileKey]) -> bytes:
    """Compress a sorted member key list for storage."""
    return zlib.compress(_member_bytes(member_ids), level=6)


def thaw_members(blob: bytes) -> list[ProfileKey]:
    """The member key list stored by ``freeze_members``."""
    raw = zlib.decompress(blob)
    if raw.startswith(_TEXT_KEYS_MAGIC):
        keys = json.loads(raw[len(_TEXT_KEYS_MAGIC) :].decode())
        return [str(key) for key in keys]
    packed = array.array("q")
    packed.frombytes(raw)
    if sys.byteorder != "little":
        packed.byteswap()
    return list(packed.tolist())


def members_digest(member_ids: Sequence[ProfileKey]) -> str:
    """sha256 of the sorted keys as stored (int64s, or the text-key encoding).

    >>> members_digest([]) == hashlib.sha256(b"").hexdigest()
    True
    """
    return hashlib.sha256(_member_bytes(member_ids)).hexdigest()
