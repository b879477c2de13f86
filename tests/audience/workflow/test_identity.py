"""Sign-in and tokens: one store for app and CLI, hashed tokens, expiry, revocation, backoff."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from audience.errors import NotSignedInError, SignInLockedError
from audience.workflow import Store, Workspace, resume, sign_in, sign_out
from audience.workflow.identity import FREE_FAILURES, LOCK_AFTER, token_digest
from audience.workflow.workspace import Role
from tests.support.workflow_fakes import cheap_user, store_at, workspace

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return store_at(tmp_path / "state" / "perimeter.sqlite3")


def test_a_token_is_random_shown_once_and_stored_hashed(store: Store) -> None:
    session = sign_in(store, workspace(), "reviewer", "reviewer-pw", kind="cli", ttl=HOUR)
    assert session.token.startswith("pmt_") and len(session.token) > 40
    raw = store.path.read_bytes() + Path(f"{store.path}-wal").read_bytes()
    assert session.token.encode() not in raw
    assert token_digest(session.token).encode() in raw
    assert resume(store, workspace(), session.token, kind="cli").name == "reviewer"


def test_tokens_expire_are_revoked_and_keep_their_kind(store: Store) -> None:
    ws = workspace()
    session = sign_in(store, ws, "marketer", "marketer-pw", kind="ui", ttl=HOUR, now=T0)
    assert resume(store, ws, session.token, kind="ui", now=T0 + HOUR / 2).name == "marketer"
    with pytest.raises(NotSignedInError):
        resume(store, ws, session.token, kind="ui", now=T0 + HOUR)
    with pytest.raises(NotSignedInError):
        resume(store, ws, session.token, kind="cli", now=T0)
    assert sign_out(store, session.token)
    with pytest.raises(NotSignedInError):
        resume(store, ws, session.token, kind="ui", now=T0)
    with pytest.raises(NotSignedInError):
        resume(store, ws, token_digest(session.token), kind="ui", now=T0)


def test_session_rows_written_or_edited_by_hand_sign_nobody_in(store: Store) -> None:
    """Someone who can write the state file mints a session for a token they chose, or turns
    their own session into an admin's with a later expiry: neither signs anyone in."""
    ws, forged = workspace(), "pmt_" + "x" * 43
    mine = sign_in(store, ws, "marketer", "marketer-pw", kind="cli", ttl=HOUR)
    with sqlite3.connect(store.path) as raw:
        raw.execute(
            "INSERT INTO sessions (token_sha256, user_name, kind, created_at, expires_at)"
            " VALUES (?, 'admin', 'cli', '2026-01-01T00:00:00+00:00', '2099-01-01T00:00:00+00:00')",
            (token_digest(forged),),
        )
    with pytest.raises(NotSignedInError):
        resume(store, ws, forged, kind="cli")
    assert resume(store, ws, mine.token, kind="cli").name == "marketer"
    with sqlite3.connect(store.path) as raw:
        raw.execute("UPDATE sessions SET user_name = 'admin' WHERE token_sha256 = ?",
                    (token_digest(mine.token),))  # fmt: skip
    with pytest.raises(NotSignedInError):
        resume(store, ws, mine.token, kind="cli")


def test_the_user_is_read_from_the_workspace_at_every_use(store: Store) -> None:
    session = sign_in(store, workspace(), "reviewer", "reviewer-pw", kind="cli", ttl=HOUR)
    demoted = Workspace(name="t", users=tuple(
        cheap_user(u.name, Role.MARKETER) if u.name == "reviewer" else u
        for u in workspace().users))  # fmt: skip
    assert resume(store, demoted, session.token, kind="cli").role is Role.MARKETER
    gone = Workspace(name="t", users=tuple(u for u in workspace().users if u.name != "reviewer"))
    with pytest.raises(NotSignedInError):
        resume(store, gone, session.token, kind="cli")


def test_wrong_passwords_back_off_then_lock(store: Store) -> None:
    ws = workspace()
    moment = T0
    for _ in range(FREE_FAILURES):
        with pytest.raises(NotSignedInError):
            sign_in(store, ws, "admin", "wrong", kind="cli", ttl=HOUR, now=moment)
    with pytest.raises(NotSignedInError):  # fourth failure: counted, then a 5 s pause
        sign_in(store, ws, "admin", "wrong", kind="cli", ttl=HOUR, now=moment)
    with pytest.raises(SignInLockedError):  # even the right password waits
        sign_in(store, ws, "admin", "admin-pw", kind="cli", ttl=HOUR, now=moment)
    assert sign_in(store, ws, "admin", "admin-pw", kind="cli", ttl=HOUR,
                   now=moment + timedelta(seconds=6)).user.name == "admin"  # fmt: skip
    for attempt in range(LOCK_AFTER):
        moment += HOUR
        with pytest.raises(NotSignedInError):
            sign_in(store, ws, "admin", f"wrong{attempt}", kind="cli", ttl=HOUR, now=moment)
    with pytest.raises(SignInLockedError):
        sign_in(
            store, ws, "admin", "admin-pw", kind="cli", ttl=HOUR, now=moment + 10 * 60 * HOUR / 3600
        )
    assert sign_in(store, ws, "admin", "admin-pw", kind="cli", ttl=HOUR,
                   now=moment + timedelta(minutes=16)).user.name == "admin"  # fmt: skip


def test_unknown_names_are_paced_like_real_ones(store: Store) -> None:
    for _ in range(FREE_FAILURES + 1):
        with pytest.raises(NotSignedInError) as raised:
            sign_in(store, workspace(), "mallory", "x", kind="cli", ttl=HOUR, now=T0)
        assert type(raised.value) is NotSignedInError
    with pytest.raises(SignInLockedError):
        sign_in(store, workspace(), "mallory", "x", kind="cli", ttl=HOUR, now=T0)


@pytest.mark.parametrize("names", [("alice", "Alice"), ("alice", "\u0430lice"), ("a\u200blice",)])
def test_a_users_file_with_look_alike_names_does_not_load(names: tuple[str, ...]) -> None:
    users = [{"name": name, "role": "reviewer"} for name in names]
    with pytest.raises(ValidationError):
        Workspace.model_validate({"name": "t", "users": users})
