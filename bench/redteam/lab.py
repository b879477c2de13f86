"""The red-team lab: throw-away workspaces driven through the real CLI and the real app.

Written against the product contract (PRODUCT.md "Identity", issue 16), not against the code
that implements it: a workspace is a folder (``PERIMETER_HOME``) with its own HOME (where the
CLI keeps its token), optionally its own users file; people act through ``perimeter login`` and
``PERIMETER_TOKEN``; the app is driven with Streamlit's ``AppTest`` in this process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PERIMETER = Path(sys.executable).parent / "perimeter"
APP = ROOT / "ui" / "app.py"
DEMO_PASSWORDS = {"marketer": "marketer-demo", "reviewer": "reviewer-demo", "admin": "admin-demo"}
VIP = {
    "schema_version": 1,
    "root": {"kind": "group", "op": "and", "rules": [
        {"kind": "attribute", "field": "customers.loyalty_tier", "op": "eq", "value": "vip"}]},
    "channel": "email",
}  # fmt: skip


@dataclass
class Run:
    """One CLI run: exit code, parsed JSON (or {}), raw streams, and whether it timed out."""

    code: int
    out: dict  # type: ignore[type-arg]
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stdout + self.stderr

    @property
    def error_type(self) -> str | None:
        error = self.out.get("error")
        return error.get("type") if isinstance(error, dict) else None


@dataclass
class Workspace:
    """One workspace: its home folder, the OS user's HOME, the database, the users file."""

    root: Path
    database: Path
    users: Mapping[str, tuple[str, str]] | None = None
    """name → (role, password); None is the demo workspace (no users file)."""
    users_file_via_env: bool = True
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "workspace"

    @property
    def os_home(self) -> Path:
        return self.root / "os-home"

    @property
    def users_file(self) -> Path:
        return self.home / "users.yml"

    @property
    def store(self) -> Path:
        return self.home / "state" / "perimeter.sqlite3"

    @property
    def exports(self) -> Path:
        return self.home / "exports"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PERIMETER_", "OPENAI_"))
        }
        env.update(
            HOME=str(self.os_home), PERIMETER_HOME=str(self.home),
            PERIMETER_DATABASE=str(self.database), PERIMETER_PLANNER="offline",
        )  # fmt: skip
        if self.users is not None and self.users_file_via_env:
            env["PERIMETER_WORKSPACE_FILE"] = str(self.users_file)
        env.update(extra)
        return env

    def write_users(self) -> None:
        from audience.workflow.workspace import hash_password

        assert self.users is not None
        self.home.mkdir(parents=True, exist_ok=True)
        entries = [
            {"name": name, "role": role, "password": hash_password(password, n=2**10)}
            for name, (role, password) in self.users.items()
        ]
        self.users_file.write_text(yaml.safe_dump({"name": "acme", "users": entries}))

    def cli(
        self, *args: str, as_user: str | None = None, password: str | None = None,
        stdin: str | None = None, timeout: float = 180, json_flag: bool = True,
        **extra_env: str,
    ) -> Run:  # fmt: skip
        """Run ``perimeter ARGS --json`` in a subprocess, as ``as_user`` (their token)."""
        env = self.env(**extra_env)
        if as_user is not None:
            env["PERIMETER_TOKEN"] = self.tokens.get(as_user, "")
        if password is not None:
            env["PERIMETER_PASSWORD"] = password
        command = [str(PERIMETER), *args, *(["--json"] if json_flag else [])]
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=timeout,
                input=stdin, cwd=self.root,
            )  # fmt: skip
        except subprocess.TimeoutExpired as expired:
            return Run(-1, {}, str(expired.stdout or ""), str(expired.stderr or ""), True)
        return Run(done.returncode, _json(done.stdout), done.stdout, done.stderr)

    def login(self, user: str, password: str | None = None) -> Run:
        """``perimeter login --user USER`` with the password in PERIMETER_PASSWORD; keeps the
        token the CLI wrote under HOME so later runs can act as this user."""
        secret = password if password is not None else self.password(user)
        before = _files(self.os_home)
        run = self.cli("login", "--user", user, password=secret)
        if run.code == 0:
            written = [p for p in _files(self.os_home) if p not in before or _newer(p, before)]
            candidates = written or list(_files(self.os_home))
            if candidates:
                newest = max(candidates, key=lambda p: p.stat().st_mtime_ns)
                self.tokens[user] = newest.read_text().strip()
        return run

    def password(self, user: str) -> str:
        if self.users is None:
            return DEMO_PASSWORDS[user]
        return self.users[user][1]

    def rules_file(self, tree: Mapping[str, object] = VIP, name: str = "rules.json") -> str:
        path = self.root / name
        path.write_text(json.dumps(tree))
        return str(path)

    def approved_audience(
        self, requester: str, approver: str, name: str = "VIP", tree: Mapping[str, object] = VIP
    ) -> int:
        """Create and submit as ``requester``, approve as ``approver``; returns the id."""
        for person in (requester, approver):
            if person not in self.tokens:
                assert self.login(person).code == 0, f"login {person} failed"
        created = self.cli("audience", "create", "--name", name, "--rules",
                           self.rules_file(tree, f"{name}.json"), as_user=requester)  # fmt: skip
        assert created.code == 0, created.stdout + created.stderr
        audience_id = int(created.out["audience_id"])
        submitted = self.cli("audience", "submit", str(audience_id), "--reason",
                             "Quarterly VIP campaign agreed with the brand team",
                             as_user=requester)  # fmt: skip
        assert submitted.code == 0, submitted.stdout + submitted.stderr
        approved = self.cli("audience", "approve", str(audience_id), "--comment", "checked",
                            as_user=approver)  # fmt: skip
        assert approved.code == 0, approved.stdout + approved.stderr
        return audience_id

    @contextmanager
    def process_env(self, **extra: str) -> Iterator[None]:
        """This workspace's environment in ``os.environ`` (for AppTest, which runs in-process)."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env(**extra))
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved)


class Lab:
    """Makes fresh workspaces under one folder, sharing one generated demo database."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.database = root / "demo.duckdb"
        self.count = 0
        if not self.database.exists():
            from schema_catalog.demo.data import generate_demo_data

            root.mkdir(parents=True, exist_ok=True)
            generate_demo_data(self.database, customers=3_000, seed=11)

    def workspace(
        self, users: Mapping[str, tuple[str, str]] | None = None, *, own_database: bool = False,
        users_file_via_env: bool = True,
    ) -> Workspace:  # fmt: skip
        self.count += 1
        folder = self.root / f"ws{self.count:03d}"
        folder.mkdir(parents=True)
        (folder / "os-home").mkdir()
        database = self.database
        if own_database:
            database = folder / "customers.duckdb"
            shutil.copy(self.database, database)
        ws = Workspace(folder, database, users, users_file_via_env)
        if users is not None:
            ws.write_users()
        return ws


ACME = {
    "alice": ("marketer", "alice-Str0ng-passphrase"),
    "bob": ("reviewer", "bob-Str0ng-passphrase"),
    "carol": ("admin", "carol-Str0ng-passphrase"),
}


def _json(text: str) -> dict:  # type: ignore[type-arg]
    for line in reversed(text.strip().splitlines() or [""]):
        try:
            loaded = json.loads(line)
        except ValueError:
            continue
        if isinstance(loaded, dict):
            return loaded
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _files(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _newer(path: Path, before: dict[Path, int]) -> bool:
    return path.stat().st_mtime_ns != before.get(path)
