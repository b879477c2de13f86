"""Workspace configuration: users, their roles and rights, and size-policy overrides.

A workspace's users file is YAML (``PERIMETER_WORKSPACE_FILE``, else ``<home>/users.yml``)::

    name: acme
    users:
      - {name: alice, role: marketer, password: "scrypt$16384$8$1$<salt>$<hash>"}
      - {name: bob, role: reviewer, password: "...", permissions: [export]}
      - {name: eve, role: marketer, disabled: true}     # left: kept so history stays readable
    policy:                      # optional: overrides of the catalog's GuardrailPolicy
      max_audience_size: 40000

A workspace without its own users file is the **demo** workspace (``demo_workspace.yml``); a
workspace with one never accepts the demo accounts, even if a user of that name exists and their
password was set to ``<name>-demo``. Rights: marketers build and export, reviewers review (and
export only when granted ``export``), admins do everything; see ``Permission``.

Passwords are never stored in clear: ``hash_password`` produces a self-describing
``scrypt$n$r$p$salt$hash`` string (hashlib.scrypt with a random 16-byte salt), and
``Workspace.authenticate`` compares in constant time. The bundled demo workspace
(``demo_workspace.yml``) has one user per role, named after the role, with the passwords
``marketer-demo``, ``reviewer-demo`` and ``admin-demo``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from audience.errors import InputFileError, PermissionDeniedError, WorkspaceError
from audience.rules import read_bounded_text
from languages import say
from schema_catalog import GuardrailPolicy
from settings import Settings

DEMO_WORKSPACE_FILE = Path(__file__).parent / "demo_workspace.yml"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MAX_USERS_FILE_BYTES = 1 << 20
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
"""What a user name may be (see ``User._plain_name``)."""


class Role(StrEnum):
    """What a user may do: marketers build and submit; reviewers and admins may also approve
    flagged audiences; admins may withdraw anyone's request."""

    MARKETER = "marketer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


REVIEW_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


class Permission(StrEnum):
    """A right a role carries or a user is granted on top of it (``permissions: [export]``)."""

    BUILD = "build"
    """Create audiences and segments, edit one's own, submit them."""
    REVIEW = "review"
    """Approve or reject another person's request."""
    EXPORT = "export"
    """Export an approved audience's contact list."""
    MANAGE = "manage"
    """Edit, withdraw or roll back anyone's audience or segment."""


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MARKETER: frozenset({Permission.BUILD, Permission.EXPORT}),
    Role.REVIEWER: frozenset({Permission.REVIEW}),
    Role.ADMIN: frozenset(Permission),
}


class User(BaseModel):
    """A person of the workspace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Role
    display_name: str = ""
    password: str | None = Field(default=None, repr=False)
    """The scrypt hash string from ``hash_password``; None means the user cannot sign in."""
    permissions: tuple[Permission, ...] = ()
    """Rights granted on top of the role's, e.g. ``[export]`` for a reviewer."""
    disabled: bool = False
    """A user who left: kept so their history stays attributable; cannot sign in or act."""

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        """ASCII letters, digits and ``. _ @ -`` only: no look-alike letters, invisible
        characters or spaces that would make two names read the same in a history."""
        if not USER_NAME.fullmatch(name):
            raise ValueError(
                f"user name {name!r} must be 1-64 ASCII letters, digits or . _ @ - "
                "(no spaces, accents or look-alike letters)"
            )
        return name

    @property
    def can_review(self) -> bool:
        """True for reviewers and admins (the roles that may approve a flagged audience)."""
        return self.role in REVIEW_ROLES

    def can(self, permission: Permission) -> bool:
        """True if the role carries ``permission`` or it was granted to this user."""
        return not self.disabled and (
            permission in ROLE_PERMISSIONS[self.role] or permission in self.permissions
        )

    def require(self, permission: Permission, action: str) -> None:
        """Raise ``PermissionDeniedError`` unless this user may ``permission``.

        Raises:
            PermissionDeniedError: the role does not carry it and it was not granted.
        """
        if not self.can(permission):
            message = say("may_not", user=self.name, role=self.role.value, action=action)
            hint = say("needs_permission", permission=permission.value)
            raise PermissionDeniedError(message, hint=hint)


class PolicyOverrides(BaseModel):
    """Workspace overrides of the catalog's size policy; unset fields keep the catalog value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_audience_size: int | None = None
    max_share_of_base: float | None = None
    max_jump_factor: float | None = None
    expected_size_tolerance: float | None = None
    hard_ceiling: int | None = None
    drift_tolerance: float | None = None
    cumulative_window_days: int | None = None

    def apply(self, base: GuardrailPolicy) -> GuardrailPolicy:
        """The catalog policy with these overrides applied."""
        return base.model_copy(update=self.model_dump(exclude_none=True))


class Workspace(BaseModel):
    """Users and policy overrides of one workspace. Build with ``load_workspace``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "workspace"
    users: tuple[User, ...]
    policy: PolicyOverrides = PolicyOverrides()
    demo: bool = Field(default=False, exclude=True)
    """True only for the bundled demo workspace (set by ``load_workspace``, never by a file)."""

    @model_validator(mode="after")
    def _distinct_names(self) -> Workspace:
        """No two users whose names differ only in letter case."""
        seen: dict[str, str] = {}
        for user in self.users:
            other = seen.setdefault(user.name.casefold(), user.name)
            if other != user.name or sum(u.name == user.name for u in self.users) > 1:
                raise ValueError(f"users {other!r} and {user.name!r} have the same name")
        return self

    def find(self, name: str) -> User | None:
        """The user called ``name``, or None."""
        return next((u for u in self.users if u.name == name), None)

    def user(self, name: str) -> User:
        """The active user called ``name``.

        Raises:
            PermissionDeniedError: no such user in the workspace, or the user is disabled.
        """
        found = self.find(name)
        if found is not None and not found.disabled:
            return found
        names = {"user": name, "workspace": self.name}
        message = say("user_disabled" if found is not None else "no_such_user", **names)
        raise PermissionDeniedError(message, hint=say("sign_in_as_member"))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if ``password`` matches their stored hash; None otherwise or if unknown.

        Outside the demo workspace a demo password (``<name>-demo``) is refused outright.
        """
        found = self.find(name)
        if found is None or found.password is None or found.disabled:
            # Spend the same time as a real check so unknown names are not revealed by timing.
            verify_password(password, _DUMMY_HASH)
            return None
        if not self.demo and hmac.compare_digest(password.encode(), f"{name}-demo".encode()):
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


def workspace_of(settings: Settings) -> Workspace:
    """The configured workspace: its own users file, or the demo workspace when it has none.

    Raises:
        WorkspaceError: the configured users file cannot be read or is malformed.
    """
    return load_workspace(settings.users_file)


def load_workspace(path: Path | None = None) -> Workspace:
    """Load a workspace YAML file; None loads the bundled demo workspace.

    Raises:
        WorkspaceError: the file is missing, is not YAML, or does not match the shape.
    """
    source = path or DEMO_WORKSPACE_FILE
    try:
        text = read_bounded_text(source, MAX_USERS_FILE_BYTES, "workspace users file")
        data = yaml.safe_load(text)
        workspace = Workspace.model_validate(data)
    except (InputFileError, yaml.YAMLError, ValidationError) as error:
        message = say("workspace_unreadable", path=str(source), raw=str(error))
        raise WorkspaceError(message, hint=say("check_users_file")) from error
    names = [u.name for u in workspace.users]
    if len(set(names)) != len(names):
        message = say("user_listed_twice", path=str(source), names=repr(names))
        raise WorkspaceError(message)
    return workspace.model_copy(update={"demo": path is None})
