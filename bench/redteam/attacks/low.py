"""L low: ENOSPC and sqlite errors, CLI ids, exchange format, NaN in SQL, rights, shadowing."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable

from bench.redteam.common import (
    attack,
    attr,
    count,
    create_from,
    demo_export,
    listening,
    pending,
    refused,
    start_ui,
    stop,
    tree_with,
)
from bench.redteam.lab import ACME, VIP, Lab


@attack("L", "low", "CLI ids: '²', '١' and 2^63 give tracebacks")
def l_cli_ids(lab: Lab) -> bool:
    ws = lab.workspace(None)
    ws.login("marketer")
    runs = [ws.cli("audience", "show", ref, as_user="marketer")
            for ref in ("²", "١", str(2**63), "-1", "0x1")]  # fmt: skip
    return all(refused(r) for r in runs)


EXCHANGE = {
    '"negate": "yes"': tree_with({**attr("customers.loyalty_tier", "eq", "vip"), "negate": "yes"}),
    "no schema_version": {k: v for k, v in VIP.items() if k != "schema_version"},
    "empty field name": tree_with(attr("", "eq", "vip")),
    "empty segment name": tree_with({"kind": "segment", "segment": ""}),
    '"negate": 1': tree_with({**attr("customers.loyalty_tier", "eq", "vip"), "negate": 1}),
}


def _exchange(name: str) -> Callable[[Lab], bool]:
    def run(lab: Lab) -> bool:
        ws = lab.workspace(None)
        return refused(count(ws, EXCHANGE[name])) and refused(
            create_from(ws, ws.rules_file(EXCHANGE[name]))
        )

    return run


for _name in EXCHANGE:
    attack("L", "low", f"Exchange format lax ({_name})")(_exchange(_name))


@attack("L", "low", "SQL: NaN / Infinity rendered as bare words")
def l_nan_sql(lab: Lab) -> bool:
    ws = lab.workspace(None)
    run = count(ws, tree_with(attr("customers.loyalty_points", "gte", float("nan"))))
    sql = str(run.out.get("sql", ""))
    return refused(run) or ("NaN" not in sql and "Infinity" not in sql)


@attack("L", "low", "Rights: a reviewer exports")
def l_reviewer_exports(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "admin")
    return (
        refused(demo_export(ws, audience_id, "reviewer"))
        if ws.login("reviewer").code == 0
        else False
    )


@attack("L", "low", "Rights: a marketer edits another marketer's audience")
def l_edit_others(lab: Lab) -> bool:
    users = {**ACME, "dave": ("marketer", "dave-Str0ng-passphrase")}
    ws = lab.workspace(users)
    ws.login("alice")
    ws.login("dave")
    ws.cli("audience", "create", "--name", "Mine", "--rules", ws.rules_file(), as_user="alice")
    wider = tree_with(attr("customers.loyalty_points", "gte", 0))
    return refused(ws.cli("audience", "edit", "1", "--rules", ws.rules_file(wider, "w.json"),
                          as_user="dave"))  # fmt: skip


@attack("L", "low", "Planner: zero-width characters slip past a refusal")
def l_zero_width(lab: Lab) -> bool:
    ws = lab.workspace(None)
    plain = ws.cli("ask", "customers under 16 years old")
    hidden = ws.cli("ask", "customers un\u200bder 1\u200b6 ye\u200dars old")
    return plain.out.get("status") == hidden.out.get("status") and not hidden.traceback


@attack("L", "low", "sqlite: a corrupted store page gives a traceback")
def l_corrupt_store(lab: Lab) -> bool:
    ws = lab.workspace(None)
    ws.login("marketer")
    pending(ws)
    data = bytearray(ws.store.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 4)):
        data[offset] = 0xFF
    ws.store.write_bytes(bytes(data))
    run = ws.cli("audience", "list", as_user="marketer")
    return run.code != 0 and not run.traceback


@attack("L", "low", "ENOSPC during export leaves a partial file or a traceback")
def l_enospc(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    tiny = ws.root / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(tiny)],
                             capture_output=True).returncode == 0  # fmt: skip
    if not mounted:
        raise RuntimeError("cannot mount a tiny tmpfs (needs root): not run")
    try:
        (tiny / "filler").write_bytes(b"x" * 6000)
        run = ws.cli("audience", "export", str(audience_id), "--format", "csv", "--out",
                     str(tiny), as_user="marketer")  # fmt: skip
        leftovers = [p for p in tiny.rglob("*") if p.name != "filler"]
        return refused(run) and not leftovers
    finally:
        subprocess.run(["umount", str(tiny)], check=False)


@attack("L", "low", "`perimeter ui` stopped with SIGTERM leaves Streamlit running")
def l_sigterm(lab: Lab) -> bool:
    ws = lab.workspace(None)
    server, port = start_ui(ws)
    if not listening(port):
        stop(server)
        return False
    server.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=20)
    for _ in range(40):
        if not listening(port):
            break
        time.sleep(0.25)
    still = bool(listening(port))
    stop(server)
    return not still


@attack("L", "low", "A folder containing `ui/` shadows the app's packages")
def l_shadowing(lab: Lab) -> bool:
    ws = lab.workspace(None)
    fake = ws.root / "ui"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise SystemExit('shadowed ui package imported')\n")
    server, port = start_ui(ws, cwd=ws.root)
    try:
        if not listening(port):
            return False
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            healthy = r.read().strip() == b"ok"
        return healthy and _page_has_sign_in(port)
    finally:
        stop(server)


def _page_has_sign_in(port: int) -> bool:
    """Load the app in headless Chromium and look for the sign-in form."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox"])  # fmt: skip
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}")
        try:
            page.get_by_label("Password", exact=True).wait_for(timeout=60_000)
            return True
        except Exception:
            return False
        finally:
            browser.close()
