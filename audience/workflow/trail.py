"""What keeps the audit log honest from outside the store: its key and its anchor.

**Key.** Every audit entry carries an HMAC-SHA256 under a key that does not live in the state
folder: ``PERIMETER_AUDIT_KEY`` or a 0600 key file (default
``~/.perimeter/keys/<workspace>.key``). Someone who can edit the store but not read the key
cannot write an entry, or rewrite one and recompute the chain, that verifies. A key file readable
by others, or inside the state folder, is refused. A key is generated only for a workspace with no
history; a missing key where history exists is an error, never a fresh key.

**Anchor.** After every committed change the store writes a checkpoint file outside the state
folder (default ``~/.perimeter/checkpoints/<workspace>.json``): the number of entries and the
head entry's MAC, itself MAC-ed. Verification fails if the log is shorter than its anchor (tail
deleted), differs from it at the anchor's head (rewritten), or has history but no anchor (anchor
deleted). ``perimeter audit checkpoint`` prints the same record for keeping elsewhere, and
``perimeter audit verify --checkpoint FILE`` checks against that copy too.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from audience.errors import AuditKeyError, AuditTamperedError
from audience.rules import read_bounded_text
from languages import say
from settings import Settings

KEY_BYTES = 32
MIN_ENV_KEY_CHARS = 16


@dataclass(frozen=True)
class AuditTrail:
    """The audit MAC key, where the anchor lives, and the workspace it belongs to."""

    key: bytes
    checkpoint: Path | None
    workspace_id: str = "workspace"

    def mac(self, payload: str) -> str:
        """HMAC-SHA256 of ``payload`` under the key, as hex."""
        return hmac.new(self.key, payload.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """The anchor: how many entries the log had and its head MAC, at a time, MAC-ed."""

    workspace: str
    entries: int
    head: str
    at: str
    mac: str

    def payload(self) -> str:
        return f"checkpoint|{self.workspace}|{self.entries}|{self.head}|{self.at}"

    def as_dict(self) -> dict[str, object]:
        return {"workspace": self.workspace, "entries": self.entries, "head": self.head,
                "at": self.at, "mac": self.mac}  # fmt: skip


def make_checkpoint(trail: AuditTrail, entries: int, head: str, at: str) -> Checkpoint:
    """A checkpoint for a log of ``entries`` entries whose last MAC is ``head``."""
    unsigned = Checkpoint(trail.workspace_id, entries, head, at, "")
    return Checkpoint(trail.workspace_id, entries, head, at, trail.mac(unsigned.payload()))


def checkpoint_is_genuine(trail: AuditTrail, checkpoint: Checkpoint) -> bool:
    """True if the checkpoint's MAC is ours (it was written with this key)."""
    return hmac.compare_digest(trail.mac(checkpoint.payload()), checkpoint.mac)


def read_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``; None if there is none.

    Raises:
        AuditTamperedError: the file exists but is not a checkpoint.
    """
    if not path.exists():
        return None
    try:
        data = json.loads(read_bounded_text(path, 64 * 1024, "audit checkpoint"))
        return Checkpoint(
            workspace=str(data["workspace"]), entries=int(data["entries"]),
            head=str(data["head"]), at=str(data["at"]), mac=str(data["mac"]),
        )  # fmt: skip
    except (ValueError, KeyError, TypeError) as error:
        message = say("not_a_checkpoint", path=str(path), raw=str(error))
        raise AuditTamperedError(message, hint=say("restore_checkpoint")) from error


def advance_checkpoint(trail: AuditTrail, entries: int, head: str, at: str) -> None:
    """Write the anchor if the log grew past it (under a lock; never moves it backwards)."""
    if trail.checkpoint is None:
        return
    path = trail.checkpoint
    _private_dir(path.parent)
    with (path.parent / f"{path.name}.lock").open("a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        current = read_checkpoint(path)
        if current is not None and current.entries >= entries:
            return
        checkpoint = make_checkpoint(trail, entries, head, at)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        write_private(temporary, json.dumps(checkpoint.as_dict(), indent=2).encode())
        os.replace(temporary, path)


def load_trail(settings: Settings, *, history: bool) -> AuditTrail:
    """The workspace's audit trail (key + anchor path).

    Args:
        settings: where the key, the checkpoint and the state folder are.
        history: True if the store already holds audit entries (then a missing key is an error,
            never a reason to make a new one).

    Raises:
        AuditKeyError: the key is missing where history exists, too widely readable, too short,
            or kept inside the state folder.
    """
    anchor = settings.audit_checkpoint_path
    if settings.audit_key is not None:
        value = settings.audit_key.get_secret_value()
        if len(value) < MIN_ENV_KEY_CHARS:
            message = say("audit_key_env_short", least=MIN_ENV_KEY_CHARS)
            raise AuditKeyError(message, hint=say("long_random_key"))
        return AuditTrail(hashlib.sha256(value.encode()).digest(), anchor, settings.workspace_id)
    path = settings.audit_key_path
    _outside_state(path, settings)
    if not path.exists():
        if history or anchor.exists():
            message = say("audit_key_missing", path=str(path))
            raise AuditKeyError(message, hint=say("restore_audit_key"))
        _create_key(path)
    return AuditTrail(_read_key(path), anchor, settings.workspace_id)


def _outside_state(path: Path, settings: Settings) -> None:
    state = settings.state_dir.resolve()
    if path.resolve().is_relative_to(state):
        message = say("audit_key_in_state", path=str(path), state=str(state))
        raise AuditKeyError(message, hint=say("keep_key_apart"))


def _create_key(path: Path) -> None:
    _private_dir(path.parent)
    write_private(path, secrets.token_hex(KEY_BYTES).encode(), exclusive=True)


def _read_key(path: Path) -> bytes:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) & 0o077:
        message = say("audit_key_open", path=str(path), mode=f"{stat.S_IMODE(info.st_mode):o}")
        raise AuditKeyError(message, hint=say("chmod_key", path=str(path)))
    try:
        key = bytes.fromhex(read_bounded_text(path, 1024, "audit key").strip())
    except ValueError as error:
        raise AuditKeyError(say("audit_key_not_hex", path=str(path))) from error
    if len(key) < 16:
        raise AuditKeyError(say("audit_key_short", path=str(path)))
    return key


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def write_private(path: Path, payload: bytes, *, exclusive: bool = False) -> None:
    """Write a 0600 file (its folder 0700) and fsync it."""
    _private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
