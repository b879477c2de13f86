"""The state store's schema: named migrations, applied in order, once (``Store.migrate``).

A migration is only ever appended: a store created by an older release gets the missing ones on
its next open. Each is plain SQL on the transaction ``Store.migrate`` holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


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


def m006_sessions(conn: sqlite3.Connection) -> None:
    # Only the sha256 of a token is kept: a copy of the store signs nobody in.
    conn.execute(
        """CREATE TABLE sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('cli', 'ui')),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE sign_in_failures (
            user_name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure_at TEXT NOT NULL
        )"""
    )


def m007_session_macs(conn: sqlite3.Connection) -> None:
    # A session row is MAC-ed with the audit key (its token digest, user, kind and expiry): a row
    # written into the file by hand signs nobody in. Rows from before have none: sign in again.
    conn.execute("ALTER TABLE sessions ADD COLUMN mac TEXT")


def m008_workspace_binding(conn: sqlite3.Connection) -> None:
    # The users file this store belongs to, MAC-ed (see ``bind_users_file``).
    conn.execute(
        """CREATE TABLE workspace_binding (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            users_file TEXT NOT NULL,
            mac TEXT NOT NULL
        )"""
    )


MIGRATIONS: tuple[Migration, ...] = (
    m001_audiences,
    m002_approvals,
    m003_exports,
    m004_audit_log,
    m005_conversations,
    m006_sessions,
    m007_session_macs,
    m008_workspace_binding,
)
"""Every migration, oldest first; the name of each is what ``_migrations`` records."""
