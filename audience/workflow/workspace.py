"""Workspace configuration: users, their roles, and size-policy overrides.

A workspace file is YAML::

    name: demo
    users:
      - {name: marketer, role: marketer, password: "scrypt$16384$8$1$<salt>$<hash>"}
    policy:                      # optional: overrides of the catalog's GuardrailPolicy
      max_audience_size: 40000

Passwords are never stored in clear: ``hash_password`` produces a self-describing
``scrypt$n$r$p$salt$hash`` string (hashlib.scrypt with a random 16-byte salt), and
``Workspace.authenticate`` compares in constant time. The bundled demo workspace
(``demo_workspace.yml``) has one user per role, named after the role, with the passwords
``marketer-demo``, ``reviewer-demo`` and ``admin-demo``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from audience.errors import PermissionDeniedError, WorkspaceError
from schema_catalog import GuardrailPolicy

DEMO_WORKSPACE_FILE = Path(__file__).parent / "demo_workspace.yml"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class Role(StrEnum):
    """What a user may do: marketers build and submit; reviewers and admins may also approve
    flagged audiences; admins may withdraw anyone's request."""

    MARKETER = "marketer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


REVIEW_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


class User(BaseModel):
    """A person of the workspace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Role
    display_name: str = ""
    password: str | None = Field(default=None, repr=False)
    """The scrypt hash string from ``hash_password``; None means the user cannot sign in."""

    @property
    def can_review(self) -> bool:
        """True for reviewers and admins (the roles that may approve a flagged audience)."""
        return self.role in REVIEW_ROLES


class PolicyOverrides(BaseModel):
    """Workspace overrides of the catalog's size policy; unset fields keep the catalog value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_audience_size: int | None = None
    max_share_of_base: float | None = None
    max_jump_factor: float | None = None
    expected_size_tolerance: float | None = None
    hard_ceiling: int | None = None
    drift_tolerance: float | None = None

    def apply(self, base: GuardrailPolicy) -> GuardrailPolicy:
        """The catalog policy with these overrides applied."""
        return base.model_copy(update=self.model_dump(exclude_none=True))


class Workspace(BaseModel):
    """Users and policy overrides of one workspace. Build with ``load_workspace``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "workspace"
    users: tuple[User, ...]
    policy: PolicyOverrides = PolicyOverrides()

    def user(self, name: str) -> User:
        """The user called ``name``.

        Raises:
            PermissionDeniedError: no such user in the workspace.
        """
        for user in self.users:
            if user.name == name:
                return user
        known = ", ".join(repr(u.name) for u in self.users)
        raise PermissionDeniedError(
            f"Unknown user {name!r} in workspace {self.name!r}.", hint=f"Known users: {known}."
        )

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if ``password`` matches their stored hash; None otherwise or if unknown."""
        found = next((u for u in self.users if u.name == name), None)
        if found is None or found.password is None:
            # Spend the same time as a real check so unknown names are not revealed by timing.
            verify_password(password, _DUMMY_HASH)
            return None
        return found if verify_password(password, found.password) else None

    def effective_policy(self, base: GuardrailPolicy) -> GuardrailPolicy:
        """The catalog's size policy with this workspace's overrides applied."""
        return self.policy.apply(base)


def hash_password(password: str, *, salt: bytes | None = None, n: int = _SCRYPT_N) -> str:
    """Hash a password with scrypt and a random salt into a self-describing string.

    >>> verify_password("s3cret", hash_password("s3cret", n=2**10))
    True
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return f"scrypt${n}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True if ``password`` hashes to ``stored`` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest_hex) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


_DUMMY_HASH = hash_password("", salt=b"\0" * 16)


def load_workspace(path: Path | None = None) -> Workspace:
    """Load a workspace YAML file; None loads the bundled demo workspace.

    Raises:
        WorkspaceError: the file is missing, is not YAML, or does not match the shape.
    """
    source = path or DEMO_WORKSPACE_FILE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        workspace = Workspace.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise WorkspaceError(
            f"Cannot load workspace file {str(source)!r}: {error}",
            hint="Check the path and that it lists users with name, role and password hash.",
        ) from error
    names = [u.name for u in workspace.users]
    if len(set(names)) != len(names):
        raise WorkspaceError(f"Workspace file {str(source)!r} lists a user name twice: {names!r}.")
    return workspace
