"""Shared pieces of the red-team attack list for issue 16 (written before the fixes).

Each attack is a function registered with ``@attack(class, severity, description)``. It returns
True when the product HELD (refused, detected, or stayed correct) and False when the attack
worked; an unexpected exception or a traceback shown to the user counts as a failure. Every
attack that needs a legitimate path to exist first checks it (a control), so an attack cannot
"hold" merely because the feature is broken.

Classes (from the red-team report in issue 16):
  C1 critical  the UI ignores the configured workspace
  C2 critical  CLI identity without a credential
  C3 high      a stale engine at export (data file replaced under a running UI)
  C4 high      a planted export adopted
  C5 high      PII recovered through exact counts (jointly with the catalog privacy policy)
  C6 high      an unkeyed, unanchored audit trail
  M  medium    formula injection, markdown, size splitting, lockout, bind address, input bounds
  L  low       ENOSPC / sqlite errors, CLI ids, exchange format, NaN in SQL, rights, shadowing

Run: ``.venv/bin/python -m bench.redteam.run [--only C1,C2] [--out bench/redteam/RESULTS.md]``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.redteam import app_driver as ui
from bench.redteam.lab import PERIMETER, Lab, Run, Workspace


@dataclass(frozen=True)
class Attack:
    klass: str
    severity: str
    description: str
    run: Callable[[Lab], bool]


ATTACKS: list[Attack] = []


Check = Callable[[Lab], bool]


def attack(klass: str, severity: str, description: str) -> Callable[[Check], Check]:
    def register(func: Callable[[Lab], bool]) -> Callable[[Lab], bool]:
        ATTACKS.append(Attack(klass, severity, description, func))
        return func

    return register


def refused(run: Run) -> bool:
    """The CLI said no, clearly: non-zero exit, no traceback, not hung."""
    return run.code not in (0, -1) and not run.traceback and not run.timed_out


def tree_with(*rules: dict[str, object], channel: str | None = "email") -> dict[str, object]:
    return {"schema_version": 1, "channel": channel,
            "root": {"kind": "group", "op": "and", "rules": list(rules)}}  # fmt: skip


def attr(field: str, op: str, value: object = None) -> dict[str, object]:
    return {"kind": "attribute", "field": field, "op": op, "value": value}


def audiences_in_store(ws: Workspace) -> int:
    if not ws.store.exists():
        return 0
    with sqlite3.connect(ws.store) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM audiences").fetchone()[0])


def raw_store(ws: Workspace) -> sqlite3.Connection:
    """The store opened as an attacker with file access: append-only triggers dropped."""
    conn = sqlite3.connect(ws.store, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    return conn


def demo_export(ws: Workspace, audience_id: int, user: str) -> Run:
    return ws.cli("audience", "export", str(audience_id), "--format", "csv", as_user=user)


def ui_sign_in(ws: Workspace, user: str, password: str) -> bool:
    with ws.process_env():
        at = ui.sign_in(ui.start(), user, password)
        return ui.signed_in(at)


def replace_database(ws: Workspace, sql: str) -> None:
    """Write a changed copy of the data and rename it over the configured path (atomic)."""
    fresh = ws.database.with_name("replacement.duckdb")
    shutil.copy(ws.database, fresh)
    with duckdb.connect(str(fresh)) as conn:
        conn.execute(sql)
    os.replace(fresh, ws.database)


def exported_rows(path: str) -> list[str]:
    return [line for line in Path(path).read_text().splitlines()[1:] if line.strip()]


def count(ws: Workspace, tree: dict[str, object], *extra: str) -> Run:
    return ws.cli("count", ws.rules_file(tree, "probe.json"), *extra)


def pending(ws: Workspace, name: str = "Pending") -> str:
    created = ws.cli("audience", "create", "--name", name, "--rules",
                     ws.rules_file(name=f"{name}.json"), as_user="marketer")  # fmt: skip
    ws.cli("audience", "submit", str(created.out.get("audience_id")), "--reason",
           "VIP spring campaign", as_user="marketer")  # fmt: skip
    return str(created.out.get("audience_id"))


def create_from(ws: Workspace, path: str, timeout: float = 60) -> Run:
    ws.login("marketer")
    return ws.cli("audience", "create", "--name", "In", "--rules", path, as_user="marketer",
                  timeout=timeout)  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> list[str]:
    """Local addresses (hex, from /proc/net/tcp*) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def start_ui(ws: Workspace, cwd: Path | None = None) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [str(PERIMETER), "ui", "--port", str(port)], env=ws.env(), cwd=cwd or ws.root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    for _ in range(240):
        if listening(port):
            return server, port
        if server.poll() is not None:
            break
        time.sleep(0.25)
    return server, port


def stop(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
