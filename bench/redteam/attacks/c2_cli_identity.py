"""C2 critical: CLI identity without a credential"""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from bench.redteam.common import (
    attack,
    audiences_in_store,
    raw_store,
    refused,
)
from bench.redteam.lab import ACME, Lab, Workspace


@attack("C2", "critical", "CLI: `--user reviewer` with no credential still acts")
def c2_user_flag(lab: Lab) -> bool:
    ws = lab.workspace(None)
    run = ws.cli("audience", "create", "--name", "X", "--rules", ws.rules_file(),
                 "--user", "marketer")  # fmt: skip
    return run.code != 0 and audiences_in_store(ws) == 0


@attack("C2", "critical", "CLI: create/submit/approve/export as one person in four commands")
def c2_one_person_four_commands(lab: Lab) -> bool:
    ws = lab.workspace(None)
    for user in ("marketer", "reviewer"):
        ws.login(user)
    ws.tokens["marketer"] = ws.tokens.get("marketer", "")
    created = ws.cli("audience", "create", "--name", "Solo", "--rules", ws.rules_file(),
                     as_user="reviewer")  # fmt: skip
    if created.code != 0:
        return True  # reviewers cannot even build: the chain is broken at step one
    audience_id = str(created.out["audience_id"])
    ws.cli("audience", "submit", audience_id, "--reason", "one person does it all",
           as_user="reviewer")  # fmt: skip
    approved = ws.cli("audience", "approve", audience_id, as_user="reviewer")
    return refused(approved)


@attack("C2", "critical", "CLI: workflow commands without any token")
def c2_no_token(lab: Lab) -> bool:
    ws = lab.workspace(None)
    create = ws.cli("audience", "create", "--name", "X", "--rules", ws.rules_file())
    return refused(create) and audiences_in_store(ws) == 0


@attack("C2", "critical", "CLI: PERIMETER_TOKEN set to a user name or a guess")
def c2_guessed_tokens(lab: Lab) -> bool:
    ws = lab.workspace(None)
    guesses = ["reviewer", "admin", "reviewer:reviewer-demo", "0" * 64, "null", "{}"]
    runs = [ws.cli("audience", "create", "--name", f"G{i}", "--rules", ws.rules_file(),
                   PERIMETER_TOKEN=guess) for i, guess in enumerate(guesses)]  # fmt: skip
    return all(refused(run) for run in runs) and audiences_in_store(ws) == 0


def _token_files(ws: Workspace) -> list[Path]:
    return [p for p in ws.os_home.rglob("*") if p.is_file() and "token" in p.name.lower()] or [
        p for p in ws.os_home.rglob("*") if p.is_file()
    ]


@attack("C2", "critical", "CLI: the token file edited to name another user")
def c2_token_file_edited(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("marketer").code != 0:
        return False
    token = ws.tokens["marketer"]
    forgeries = [token.replace("marketer", "reviewer"), "reviewer", token[:-2] + "AA",
                 json.dumps({"user": "reviewer", "token": token})]  # fmt: skip
    created = ws.cli("audience", "create", "--name", "T", "--rules", ws.rules_file(),
                     as_user="marketer")  # fmt: skip
    ws.cli("audience", "submit", "1", "--reason", "campaign for the VIP customers",
           as_user="marketer")  # fmt: skip
    held = created.code == 0
    for forged in forgeries:
        for path in _token_files(ws):
            path.write_text(forged)
        run = ws.cli("audience", "approve", "1")  # reads the token file
        held = held and refused(run)
    return held


@attack("C2", "critical", "CLI: a token hash copied from the store used as a token")
def c2_stored_hash_as_token(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("reviewer").code != 0 or ws.login("marketer").code != 0:
        return False
    values: set[str] = set()
    with sqlite3.connect(ws.store) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                values |= {v for v in row if isinstance(v, str) and 20 <= len(v) <= 200}
    raw = Path(ws.store).read_bytes() + b"".join(
        p.read_bytes() for p in ws.store.parent.glob("*") if p.is_file()
    )
    leaked = any(token.encode() in raw for token in ws.tokens.values())
    runs = [ws.cli("audience", "create", "--name", f"H{i}", "--rules", ws.rules_file(),
                   PERIMETER_TOKEN=v) for i, v in enumerate(sorted(values)[:15])]  # fmt: skip
    return not leaked and all(r.code != 0 for r in runs) and not any(r.traceback for r in runs)


@attack("C2", "critical", "CLI: a token still works after logout")
def c2_token_after_logout(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("marketer").code != 0:
        return False
    token = ws.tokens["marketer"]
    ws.cli("logout", as_user="marketer")
    run = ws.cli("audience", "create", "--name", "L", "--rules", ws.rules_file(),
                 PERIMETER_TOKEN=token)  # fmt: skip
    return refused(run) and audiences_in_store(ws) == 0


@attack("C2", "critical", "CLI: a token past its expiry still works")
def c2_expired_token(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("marketer").code != 0:
        return False
    with raw_store(ws) as conn:
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        ).fetchall():
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                if "expire" in column:
                    conn.execute(f'UPDATE "{table}" SET "{column}" = ?',
                                 ("2000-01-01T00:00:00+00:00",))  # fmt: skip
    run = ws.cli("audience", "create", "--name", "E", "--rules", ws.rules_file(),
                 as_user="marketer")  # fmt: skip
    return refused(run) and audiences_in_store(ws) == 0


@attack("C2", "critical", "CLI: a marketer's token approves another marketer's request")
def c2_marketer_approves(lab: Lab) -> bool:
    users = {**ACME, "dave": ("marketer", "dave-Str0ng-passphrase")}
    ws = lab.workspace(users)
    if ws.login("alice").code != 0 or ws.login("dave").code != 0:
        return False
    ws.cli("audience", "create", "--name", "M", "--rules", ws.rules_file(), as_user="alice")
    ws.cli("audience", "submit", "1", "--reason", "VIP spring campaign", as_user="alice")
    return refused(ws.cli("audience", "approve", "1", as_user="dave"))


@attack("C2", "critical", "CLI: an admin approves their own request")
def c2_admin_self_approval(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    if ws.login("carol").code != 0:
        return False
    ws.cli("audience", "create", "--name", "S", "--rules", ws.rules_file(), as_user="carol")
    ws.cli("audience", "submit", "1", "--reason", "VIP spring campaign", as_user="carol")
    return refused(ws.cli("audience", "approve", "1", as_user="carol"))


@attack("C2", "critical", "CLI: login with a wrong password yields a usable token")
def c2_wrong_password(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    run = ws.login("bob", "not-the-password")
    files = [p for p in ws.os_home.rglob("*") if p.is_file()]
    token_like = [p for p in files if "token" in p.name.lower()]
    return refused(run) and not token_like


@attack("C2", "critical", "CLI: a demo password logs in on a workspace with its own users")
def c2_demo_password_real_workspace(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    runs = [ws.login(user, f"{user}-demo") for user in ("marketer", "reviewer", "admin")]
    return all(refused(run) for run in runs)


@attack("C2", "critical", "CLI: online guessing is not slowed down or locked out")
def c2_brute_force(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    for attempt in range(12):
        ws.login("bob", f"guess-{attempt}")
    return refused(ws.login("bob"))  # the right password, right after 12 wrong ones


@attack("C2", "critical", "CLI: a token from another workspace is accepted")
def c2_token_other_workspace(lab: Lab) -> bool:
    first, second = lab.workspace(None), lab.workspace(None)
    if first.login("reviewer").code != 0:
        return False
    run = second.cli("audience", "create", "--name", "X", "--rules", second.rules_file(),
                     PERIMETER_TOKEN=first.tokens["reviewer"])  # fmt: skip
    return refused(run) and audiences_in_store(second) == 0


@attack("C2", "critical", "CLI: the token of a user removed from the users file still acts")
def c2_removed_user(lab: Lab) -> bool:
    ws = lab.workspace(dict(ACME))
    if ws.login("alice").code != 0:
        return False
    ws.users = {k: v for k, v in ACME.items() if k != "alice"}
    ws.write_users()
    run = ws.cli("audience", "create", "--name", "R", "--rules", ws.rules_file(),
                 as_user="alice")  # fmt: skip
    return refused(run) and audiences_in_store(ws) == 0


@attack("C2", "critical", "CLI: a reviewer demoted to marketer still approves with an old token")
def c2_role_downgrade(lab: Lab) -> bool:
    ws = lab.workspace(dict(ACME))
    if ws.login("bob").code != 0 or ws.login("alice").code != 0:
        return False
    ws.cli("audience", "create", "--name", "D", "--rules", ws.rules_file(), as_user="alice")
    ws.cli("audience", "submit", "1", "--reason", "VIP spring campaign", as_user="alice")
    ws.users = {**ACME, "bob": ("marketer", ACME["bob"][1])}
    ws.write_users()
    return refused(ws.cli("audience", "approve", "1", as_user="bob"))


@attack("C2", "critical", "CLI: the token file is readable by other users")
def c2_token_file_mode(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("marketer").code != 0:
        return False
    files = _token_files(ws)
    modes = [stat.S_IMODE(p.stat().st_mode) for p in files]
    return bool(files) and all(mode & 0o077 == 0 for mode in modes)


@attack("C2", "critical", "CLI: the password on the command line or in the output")
def c2_password_echoed(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    run = ws.login("bob")
    return run.code == 0 and ACME["bob"][1] not in run.stdout + run.stderr
