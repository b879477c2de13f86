"""Build conversations in the state store, so they outlive the browser session.

Two kinds: each user's *working* conversation (what the Build page shows; one per user, replaced
on every step) and the conversation behind each saved *version* of an audience (what a reviewer
reads as the request's history, and what Revise reopens). The workflow stores the document as
JSON text and never reads inside it: its shape belongs to the assistant (``assistant.ChatLog``).
"""

from __future__ import annotations

from audience.workflow.records import load_version
from audience.workflow.store import Store, utc_now


def save_working(store: Store, user_name: str, body_json: str) -> None:
    """Replace ``user_name``'s working conversation."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO conversations (user_name, body_json, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_name) DO UPDATE SET body_json = excluded.body_json,"
            " updated_at = excluded.updated_at",
            (user_name, body_json, utc_now()),
        )


def load_working(store: Store, user_name: str) -> str | None:
    """``user_name``'s working conversation, or None when they have none."""
    with store.connect() as conn:
        row = conn.execute(
            "SELECT body_json FROM conversations WHERE user_name = ?", (user_name,)
        ).fetchone()
    return None if row is None else str(row[0])


def save_for_version(store: Store, audience_id: int, version: int, body_json: str) -> None:
    """Record the conversation that produced ``version`` of the audience (once; kept as is).

    Raises:
        UnknownAudienceError: the audience has no such version.
    """
    with store.transaction() as conn:
        load_version(conn, audience_id, version)
        conn.execute(
            "INSERT OR IGNORE INTO version_conversations (audience_id, version, body_json,"
            " created_at) VALUES (?, ?, ?, ?)",
            (audience_id, version, body_json, utc_now()),
        )


def load_for_version(store: Store, audience_id: int, version: int) -> tuple[int, str] | None:
    """The conversation behind ``version`` as ``(version it was recorded for, JSON)``: its own, or
    the latest one recorded before it (a rollback or a CLI edit has none of its own); None when
    the audience was never built in a conversation."""
    with store.connect() as conn:
        row = conn.execute(
            "SELECT version, body_json FROM version_conversations"
            " WHERE audience_id = ? AND version <= ?"
            " ORDER BY version DESC LIMIT 1",
            (audience_id, version),
        ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))
