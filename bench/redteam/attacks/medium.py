"""M medium: formula injection, markdown, size splitting, lockout, bind address, input bounds."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from bench.redteam import app_driver as ui
from bench.redteam.common import (
    attack,
    attr,
    audiences_in_store,
    count,
    create_from,
    demo_export,
    exported_rows,
    listening,
    refused,
    replace_database,
    start_ui,
    stop,
    tree_with,
)
from bench.redteam.lab import ACME, Lab, Workspace


def _dangerous_contacts(ws: Workspace) -> None:
    replace_database(ws, """
        UPDATE customers SET email = CASE customer_id % 4
            WHEN 0 THEN '=HYPERLINK("http://evil.test","x")'
            WHEN 1 THEN '+cmd|calc'
            WHEN 2 THEN '@SUM(1+1)'
            ELSE '-2+3' END
        WHERE loyalty_tier = 'vip'""")  # fmt: skip


@attack("M", "medium", "CSV: cells starting with = + - @ written verbatim")
def m_formula_injection(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    audience_id = ws.approved_audience("marketer", "reviewer")
    ws2_sql = "UPDATE customers SET email = email"  # same members, only contacts change below
    replace_database(ws, ws2_sql)
    _dangerous_contacts(ws)
    run = demo_export(ws, audience_id, "marketer")
    if run.code != 0:
        return not run.traceback
    cells = [cell for line in exported_rows(run.out["path"]) for cell in line.split(",")]
    return not any(cell.lstrip('"')[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)


@attack("M", "medium", "CSV: contacts not valid for the channel are exported")
def m_contact_validation(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    audience_id = ws.approved_audience("marketer", "reviewer")
    replace_database(ws, "UPDATE customers SET email = 'not an email' WHERE loyalty_tier = 'vip'")
    run = demo_export(ws, audience_id, "marketer")
    if run.code != 0:
        return not run.traceback
    return "not an email" not in Path(run.out["path"]).read_text()


MARKDOWN_NAME = "![x](http://evil.test/p.png) :green[No size flag tripped.] **bold**"


@attack("M", "medium", "UI: markdown in names, requests and reasons rendered on the Review page")
def m_markdown_review(lab: Lab) -> bool:
    ws = lab.workspace(None)
    ws.login("marketer")
    created = ws.cli("audience", "create", "--name", MARKDOWN_NAME, "--rules", ws.rules_file(),
                     as_user="marketer")  # fmt: skip
    if created.code != 0:
        return False
    ws.cli(
        "audience",
        "submit",
        str(created.out["audience_id"]),
        "--reason",
        "[click](http://evil.test) ![img](http://evil.test/i.png)",
        as_user="marketer",
    )
    with ws.process_env():
        at = ui.sign_in(ui.start(), "reviewer", "reviewer-demo")
        at.switch_page("views/review.py").run()
        page = ui.texts(at)
    raw = ["![x](http://evil.test", ":green[No size", "[click](http://evil", "![img](http"]
    return MARKDOWN_NAME.split(")")[0][:2] != "" and not any(r in page for r in raw)


@attack("M", "medium", "UI: markdown in a rule value rendered in the perimeter text")
def m_markdown_value(lab: Lab) -> bool:
    ws = lab.workspace(None)
    ws.login("marketer")
    tree = tree_with(
        {
            "kind": "behavior",
            "event": "orders",
            "filters": [{"field": "category", "op": "eq", "value": "![v](http://evil.test/v.png)"}],
        }
    )
    created = ws.cli("audience", "create", "--name", "Values", "--rules", ws.rules_file(tree),
                     as_user="marketer")  # fmt: skip
    if created.code != 0:
        return not created.traceback  # refused: the value is not an allowed category
    ws.cli("audience", "submit", "1", "--reason", "VIP spring campaign", as_user="marketer")
    with ws.process_env():
        at = ui.sign_in(ui.start(), "reviewer", "reviewer-demo")
        page = ui.texts(at.switch_page("views/review.py").run())
    return "![v](http://evil.test" not in page


def _share_trees() -> list[dict[str, object]]:
    countries = ["FR", "BE", "DE", "ES", "IT", "CH", "LU", "NL", "GB", "PT"]
    return [tree_with(attr("customers.country", "eq", c)) for c in countries]


@attack("M", "medium", "Size limits dodged by splitting one audience into pieces under the cap")
def m_size_split(lab: Lab) -> bool:
    ws = lab.workspace(None)
    for user in ("marketer", "reviewer"):
        ws.login(user)
    base = int(count(ws, tree_with(channel=None)).out.get("count", 0))
    pieces, total = [], 0
    for tree in _share_trees():
        size = int(count(ws, tree).out.get("count", 0))
        if 0 < size < 0.38 * base:
            pieces.append(tree)
            total += size
        if total > 0.6 * base:
            break
    flagged = []
    for index, tree in enumerate(pieces):
        name = f"Piece{index}"
        created = ws.cli("audience", "create", "--name", name, "--rules",
                         ws.rules_file(tree, f"{name}.json"), as_user="marketer")  # fmt: skip
        audience_id = str(created.out.get("audience_id"))
        submitted = ws.cli("audience", "submit", audience_id, "--reason",
                           "spring campaign for this country", as_user="marketer")  # fmt: skip
        flags = (submitted.out.get("assessment") or {}).get("flags") or []
        flagged.append(bool(flags))
        ws.cli("audience", "approve", audience_id, as_user="reviewer")
    return len(pieces) >= 2 and any(flagged[1:])


@attack("M", "medium", "UI sign-in: no backoff or lockout after many wrong passwords")
def m_ui_lockout(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    with ws.process_env():
        at = ui.start()
        for attempt in range(12):
            at = ui.sign_in(at, "bob", f"guess-{attempt}")
        return not ui.signed_in(ui.sign_in(ui.start(), "bob", ACME["bob"][1]))


@attack("M", "medium", "`perimeter ui` listens on every interface by default")
def m_ui_bind(lab: Lab) -> bool:
    ws = lab.workspace(None)
    server, port = start_ui(ws)
    try:
        addresses = listening(port)
    finally:
        stop(server)
    loopback = {"0100007F", "00000000000000000000000001000000"}
    return bool(addresses) and all(a in loopback for a in addresses)


@attack("M", "medium", "Input: `--rules /dev/zero` grows without bound")
def m_dev_zero(lab: Lab) -> bool:
    ws = lab.workspace(None)
    started = time.perf_counter()
    runs = [ws.cli("count", "/dev/zero", timeout=60), create_from(ws, "/dev/zero")]
    return all(refused(r) for r in runs) and time.perf_counter() - started < 90


@attack("M", "medium", "Input: `--rules FIFO` hangs")
def m_fifo(lab: Lab) -> bool:
    ws = lab.workspace(None)
    fifo = ws.root / "rules.fifo"
    os.mkfifo(fifo)
    runs = [ws.cli("count", str(fifo), timeout=30), create_from(ws, str(fifo), timeout=30)]
    return all(refused(r) for r in runs)


@attack("M", "medium", "Input: a 1M-element list runs for a minute inside sqlglot")
def m_huge_list(lab: Lab) -> bool:
    ws = lab.workspace(None)
    tree = tree_with(attr("customers.city", "in", [f"c{i}" for i in range(1_000_000)]),
                     channel=None)  # fmt: skip
    started = time.perf_counter()
    run = count(ws, tree)
    return refused(run) and time.perf_counter() - started < 30


EXTREMES = {
    "window of 10^9 years": {"kind": "behavior", "event": "orders",
                             "window": {"type": "last", "amount": 10**9, "unit": "year"}},
    "date 9999-12-31": {"kind": "behavior", "event": "orders",
                        "window": {"type": "since", "start": "9999-12-31"}},
    "NaN amount": {"kind": "behavior", "event": "orders",
                   "aggregate": {"func": "sum", "measure": "amount", "op": "gte",
                                 "value": float("nan")}},
    "10^30 points": attr("customers.loyalty_points", "gte", 10**30),
    "Infinity points": attr("customers.loyalty_points", "gte", float("inf")),
}  # fmt: skip


def _extreme(name: str) -> Callable[[Lab], bool]:
    def run(lab: Lab) -> bool:
        ws = lab.workspace(None)
        created = create_from(ws, ws.rules_file(tree_with(EXTREMES[name])))
        counted = count(ws, tree_with(EXTREMES[name]))
        return refused(created) and refused(counted) and audiences_in_store(ws) == 0

    return run


for _name in EXTREMES:
    attack("M", "medium", f"Input: extreme value stored or traceback ({_name})")(_extreme(_name))


@attack("M", "medium", "Input: a 64 KB request holds the planner for a minute")
def m_long_request(lab: Lab) -> bool:
    ws = lab.workspace(None)
    started = time.perf_counter()
    run = ws.cli("ask", "VIP customers in Lyon " * 3000, timeout=120)
    return not run.traceback and not run.timed_out and time.perf_counter() - started < 20


@attack("M", "medium", "Workflow: '.' accepted as the written reason for a flagged size")
def m_dot_reason(lab: Lab) -> bool:
    ws = lab.workspace(None)
    ws.login("marketer")
    everyone = tree_with(attr("customers.loyalty_points", "gte", 0))
    ws.cli("audience", "create", "--name", "All", "--rules", ws.rules_file(everyone),
           as_user="marketer")  # fmt: skip
    return refused(ws.cli("audience", "submit", "1", "--reason", ".", as_user="marketer"))
