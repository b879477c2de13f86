"""Who is acting: sign-in with backoff and lockout, and the tokens that carry an identity.

One source for the app and the CLI: both sign people in against the workspace's users
(``Workspace.authenticate``) and get a **token**: 32 random bytes, shown once, of which the store
keeps only the sha256 (a copy of the store signs nobody in), with a MAC under the workspace's
audit key over that digest, the user, the kind and the expiry (a row written into the store by
hand, or edited to another user or a later expiry, signs nobody in). A token has a kind (``cli`` for
``perimeter login``, ``ui`` for a browser session), an expiry, and can be revoked (sign-out). On
every use it is looked up again, its user must still exist and be enabled in the workspace, and
the user's role is read from the workspace *now* (a demoted reviewer no longer approves).

Wrong passwords slow down sign-in for that name: after ``FREE_FAILURES`` failures each further
attempt must wait 2, 4, 8 … up to ``MAX_BACKOFF_S`` seconds after the last failure, and after
``LOCK_AFTER`` failures the name is locked for ``LOCK_MINUTES`` minutes. Attempts during a pause
are refused without checking the password. Counters live in the store, shared by app and CLI;
a successful sign-in resets them. Sign-ins, refusals and locks are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from audience.errors import NotSignedInError, PermissionDeniedError, SignInLockedError
from audience.workflow import audit
from audience.workflow.store import Store
from audience.workflow.workspace import Permission, Role, User, Workspace
from languages import Param, Wording, say

TokenKind = Literal["cli", "ui"]
TOKEN_PREFIX = "pmt_"
FREE_FAILURES = 3
LOCK_AFTER = 10
LOCK_MINUTES = 15
MAX_BACKOFF_S = 60
MAX_NAME = 200


@dataclass(frozen=True)
class Session:
    """A signed-in user and their token (the secret is only ever in this object and the file
    or URL it is handed to)."""

    token: str
    user: User
    kind: TokenKind
    expires_at: datetime


def token_digest(token: str) -> str:
    """What the store keeps of a token: its sha256.

    >>> len(token_digest("pmt_x"))
    64
    """
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(
    store: Store, workspace: Workspace, name: str, password: str, *, kind: TokenKind,
    ttl: timedelta, now: datetime | None = None,
) -> Session:  # fmt: skip
    """Check the password and issue a token of ``kind`` valid for ``ttl``.

    Raises:
        SignInLockedError: too many recent failures for this name (wait, or ask an admin).
        NotSignedInError: unknown user or wrong password (the same message for both).
    """
    moment = now or datetime.now(UTC)
    name = name.strip()[:MAX_NAME]
    _check_pause(store, name, moment)
    user = workspace.authenticate(name, password)
    if user is None:
        _record_failure(store, name, moment)
        raise NotSignedInError(say("wrong_password"), hint=say("check_both"))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = moment + ttl
    with store.transaction() as conn:
        conn.execute("DELETE FROM sign_in_failures WHERE user_name = ?", (name,))
        digest, until = token_digest(token), expires.isoformat()
        conn.execute(
            "INSERT INTO sessions (token_sha256, user_name, kind, created_at, expires_at, mac)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (digest, user.name, kind, moment.isoformat(), until,
             _session_mac(store, digest, user.name, kind, until)),
        )  # fmt: skip
        audit.append_entry(conn, user.name, "sign_in",
                           details={"kind": kind, "expires_at": expires.isoformat()})  # fmt: skip
    return Session(token, user, kind, expires)


def resume(
    store: Store, workspace: Workspace, token: str, *, kind: TokenKind,
    now: datetime | None = None,
) -> User:  # fmt: skip
    """The user a token of ``kind`` stands for, as the workspace describes them now.

    Raises:
        NotSignedInError: unknown, revoked or expired token, or a token of another kind, or
            its user no longer exists or is disabled.
    """
    moment = now or datetime.now(UTC)
    with store.connect() as conn:
        row = conn.execute(
            "SELECT token_sha256, user_name, kind, expires_at, revoked_at, mac FROM sessions"
            " WHERE token_sha256 = ?",
            (token_digest(token.strip()),),
        ).fetchone()
    if row is None or row["kind"] != kind or row["revoked_at"] is not None:
        raise NotSignedInError(say("not_signed_in"), hint=_HOW[kind])
    expected = _session_mac(store, row["token_sha256"], row["user_name"], kind, row["expires_at"])
    if not hmac.compare_digest(expected, row["mac"] or ""):
        raise NotSignedInError(say("not_signed_in"), hint=_HOW[kind])
    if datetime.fromisoformat(row["expires_at"]) <= moment:
        raise NotSignedInError(say("sign_in_expired"), hint=_HOW[kind])
    try:
        return workspace.user(row["user_name"])
    except PermissionDeniedError as error:
        message = say("user_cannot_sign_in", user=row["user_name"])
        raise NotSignedInError(message, hint=_HOW[kind]) from error


def _session_mac(store: Store, digest: str, user: str, kind: str, expires_at: str) -> str:
    """The session row's MAC under the workspace's audit key."""
    return store.trail.mac("\x1f".join(("session", digest, user, kind, expires_at)))


def sign_out(store: Store, token: str) -> bool:
    """Revoke a token; True if it was valid until now."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT user_name FROM sessions WHERE token_sha256 = ? AND revoked_at IS NULL",
            (token_digest(token.strip()),),
        ).fetchone()
        if row is None:
            return False
        conn.execute(
            "UPDATE sessions SET revoked_at = ? WHERE token_sha256 = ?",
            (datetime.now(UTC).isoformat(), token_digest(token.strip())),
        )
        audit.append_entry(conn, row[0], "sign_out")
    return True


def unlock(store: Store, actor: User, name: str) -> None:
    """Clear the failure counter of ``name`` (an admin's action, audited).

    Raises:
        PermissionDeniedError: ``actor`` may not manage users.
    """
    actor.require(Permission.MANAGE, "unlock a user")
    with store.transaction() as conn:
        conn.execute("DELETE FROM sign_in_failures WHERE user_name = ?", (name,))
        audit.append_entry(conn, actor.name, "sign_in_unlocked", details={"user": name})


def record_user_added(store: Store, actor: User | None, name: str, role: Role) -> None:
    """Audit a user added to the workspace's users file (``actor`` None: the file's first user,
    who needed no sign-in)."""
    with store.transaction() as conn:
        who = actor.name if actor is not None else name
        audit.append_entry(conn, who, "user_added", details={"user": name, "role": role.value})


def pause_left(failures: int, last_failure: datetime, now: datetime) -> float:
    """Seconds until ``name`` may try again after ``failures`` failures (0 = now).

    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> pause_left(3, t, t), pause_left(4, t, t), pause_left(10, t, t)
    (0.0, 2.0, 900.0)
    """
    if failures >= LOCK_AFTER:
        wait = LOCK_MINUTES * 60.0
    elif failures > FREE_FAILURES:
        wait = float(min(2 ** (failures - FREE_FAILURES), MAX_BACKOFF_S))
    else:
        return 0.0
    return max(0.0, wait - (now - last_failure).total_seconds())


def _check_pause(store: Store, name: str, now: datetime) -> None:
    with store.connect() as conn:
        row = conn.execute(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE user_name = ?", (name,)
        ).fetchone()
    if row is None:
        return
    left = pause_left(int(row[0]), datetime.fromisoformat(row[1]), now)
    if left > 0:
        locked = int(row[0]) >= LOCK_AFTER
        names: dict[str, Param] = {"user": name, "failures": int(row[0]), "seconds": f"{left:.0f}"}
        message = say("sign_in_locked" if locked else "sign_in_paused", **names)
        raise SignInLockedError(message, hint=say("admin_unlocks") if locked else None)


def _record_failure(store: Store, name: str, now: datetime) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO sign_in_failures (user_name, failures, last_failure_at) VALUES (?, 1, ?)"
            " ON CONFLICT (user_name) DO UPDATE SET failures = failures + 1,"
            " last_failure_at = excluded.last_failure_at",
            (name, now.isoformat()),
        )
        failures = conn.execute(
            "SELECT failures FROM sign_in_failures WHERE user_name = ?", (name,)
        ).fetchone()[0]
        action = "sign_in_locked" if failures == LOCK_AFTER else "sign_in_refused"
        audit.append_entry(conn, name, action, details={"failures": failures})


_HOW: dict[TokenKind, Wording] = {
    "cli": say("run_login"),
    "ui": say("sign_in_again"),
}
