"""``perimeter login|logout|whoami`` and ``perimeter users add|unlock``: who the CLI acts as.

``login --user NAME`` asks for the password on the terminal (or reads ``PERIMETER_PASSWORD``),
and on success writes a per-user expiring token to a 0600 file under the user's home (only its
sha256 is kept in the store). Every workflow command then acts as that user; ``PERIMETER_TOKEN``
overrides the file. Wrong passwords slow down, then lock, further attempts for that name.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
import yaml

from audience.errors import WorkspaceError
from audience.workflow import Permission, Role, bind_users_file, sign_in, sign_out
from audience.workflow.identity import record_user_added, unlock
from audience.workflow.workspace import USER_NAME, hash_password
from languages import say
from settings import Settings
from ui.cli.boundary import emit, workflow
from ui.cli.options import JsonOpt
from ui.cli.output import INPUT_ERROR, fail
from ui.cli.session import acting_user, current_token, forget_token, save_token

users_app = typer.Typer(name="users", help="The workspace's users file.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``login``, ``logout``, ``whoami`` and ``users`` to the root app."""
    app.command("login")(login)
    app.command("logout")(logout)
    app.command("whoami")(whoami)
    app.add_typer(users_app, name="users")


def _password(settings: Settings, prompt: str = "Password") -> str:
    if settings.password is not None:
        return settings.password.get_secret_value()
    return str(typer.prompt(prompt, hide_input=True))


def login(
    user: Annotated[str, typer.Option("--user", help="Your user name in this workspace.")],
    as_json: JsonOpt = False,
) -> None:
    """Sign in: the password from the terminal or PERIMETER_PASSWORD; saves a token."""
    with workflow(as_json, signed_in=False) as wf:
        ttl = timedelta(hours=wf.settings.token_ttl_hours)
        session = sign_in(wf.service.store, wf.service.workspace, user,
                          _password(wf.settings), kind="cli", ttl=ttl)  # fmt: skip
        path = save_token(wf.settings, session.token)
        payload = {"user": session.user.name, "role": session.user.role.value,
                   "expires_at": session.expires_at.isoformat(), "token_file": str(path),
                   "demo_workspace": wf.service.workspace.demo}  # fmt: skip
        emit(payload, as_json, f"Signed in as {session.user.name} ({session.user.role.value}) "
             f"until {session.expires_at:%Y-%m-%d %H:%M} UTC; token in {path}.")  # fmt: skip


def logout(as_json: JsonOpt = False) -> None:
    """Revoke the current token and delete the token file."""
    with workflow(as_json, signed_in=False) as wf:
        revoked = sign_out(wf.service.store, current_token(wf.settings))
        removed = forget_token(wf.settings)
        emit({"revoked": revoked, "token_file_removed": removed}, as_json, "Signed out.")


def whoami(as_json: JsonOpt = False) -> None:
    """The user the CLI acts as (from the token)."""
    with workflow(as_json) as wf:
        user = wf.user
        assert user is not None
        granted = sorted(p.value for p in Permission if user.can(p))
        emit({"user": user.name, "role": user.role.value, "permissions": granted,
              "workspace": wf.service.workspace.name}, as_json,
             f"{user.name} ({user.role.value}) in {wf.service.workspace.name}")  # fmt: skip


@users_app.command("add")
def add_user(
    user: Annotated[str, typer.Option("--user", help="New user's name.")],
    role: Annotated[Role, typer.Option("--role", help="marketer, reviewer or admin.")],
    grant: Annotated[list[Permission] | None, typer.Option("--grant", help="Extra right.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a user to the workspace's users file (admins only, signed in; the first user of a new
    file needs no sign-in and the demo accounts are not copied). The password comes from the
    terminal or PERIMETER_PASSWORD."""
    with workflow(as_json, signed_in=False) as wf:
        path = wf.settings.workspace_file or wf.settings.home / "users.yml"
        data = _users_data(path)
        actor = None
        if data["users"]:  # a workspace with users: only its admins add more
            actor = acting_user(wf.settings, wf.service.store, wf.service.workspace)
            actor.require(Permission.MANAGE, "add a user")
        if not USER_NAME.fullmatch(user):
            fail(f"User name {user!r}: use 1-64 ASCII letters, digits or . _ @ - (no spaces, "
                 "accents or look-alike letters).", INPUT_ERROR, as_json)  # fmt: skip
        if any(str(entry.get("name")).casefold() == user.casefold() for entry in data["users"]):
            fail(f"User {user!r} already exists in {str(path)!r}.", INPUT_ERROR, as_json)
        secret = _password(wf.settings, f"Password for {user}")
        if len(secret) < 12 or secret == f"{user}-demo":
            fail("Choose a password of at least 12 characters (not a demo one).", INPUT_ERROR,
                 as_json)  # fmt: skip
        entry: dict[str, object] = {
            "name": user,
            "role": role.value,
            "password": hash_password(secret),
        }
        if grant:
            entry["permissions"] = [p.value for p in grant]
        data["users"].append(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        bind_users_file(wf.service.store, path)  # the demo accounts are left for this file
        record_user_added(wf.service.store, actor, user, role)
        emit({"user": user, "role": role.value, "users_file": str(path)}, as_json,
             f"Added {user} ({role.value}) to {path}.")  # fmt: skip


def _users_data(path: Path) -> dict[str, list[dict[str, object]]]:
    if not path.exists():
        return {"users": []}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict) or not isinstance(loaded.get("users", []), list):
        raise WorkspaceError(say("not_a_users_file", path=str(path)))
    loaded.setdefault("users", [])
    return loaded


@users_app.command("unlock")
def unlock_user(
    user: Annotated[str, typer.Argument(help="The locked user's name.")],
    as_json: JsonOpt = False,
) -> None:
    """Clear a user's failed sign-ins (admins only)."""
    with workflow(as_json) as wf:
        assert wf.user is not None
        unlock(wf.service.store, wf.user, user)
        emit({"unlocked": user}, as_json, f"Unlocked {user}.")
