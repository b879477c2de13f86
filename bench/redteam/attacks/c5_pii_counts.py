"""C5 high: PII recovered through exact counts (the catalog privacy policy, issue 17 / h17)"""

from __future__ import annotations

import json
from collections.abc import Callable

from bench.redteam.common import (
    attack,
    attr,
    audiences_in_store,
    count,
    refused,
    tree_with,
)
from bench.redteam.lab import Lab

KEY = "customers.customer_id"
PII_PROBES = {
    "email starts_with + key eq": [attr("customers.email", "starts_with", "a"),
                                   attr(KEY, "eq", 1)],
    "email eq": [attr("customers.email", "eq", "someone@example.com")],
    "email contains": [attr("customers.email", "contains", "@gmail")],
    "phone starts_with": [attr("customers.phone", "starts_with", "+336")],
    "first_name eq": [attr("customers.first_name", "eq", "Marie")],
    "birth_date between + key eq": [attr("customers.birth_date", "between",
                                         ["1985-04-01", "1985-04-30"]), attr(KEY, "eq", 1)],
    "key in list": [attr(KEY, "in", [1, 2, 3])],
    "key between": [attr(KEY, "between", [1, 10])],
}  # fmt: skip


def _probe(name: str) -> Callable[[Lab], bool]:
    def run(lab: Lab) -> bool:
        ws = lab.workspace(None)
        return refused(count(ws, tree_with(*PII_PROBES[name], channel=None)))

    return run


for _name in PII_PROBES:
    attack("C5", "high", f"count: value predicate on PII / profile key ({_name})")(_probe(_name))


@attack("C5", "high", "count: breakdown by a PII column lists the values")
def c5_breakdown_pii(lab: Lab) -> bool:
    ws = lab.workspace(None)
    run = count(ws, tree_with(attr("customers.loyalty_tier", "eq", "vip"), channel=None),
                 "--breakdown", "customers.email")  # fmt: skip
    return refused(run) or "@" not in json.dumps(run.out.get("breakdown", {}))


@attack("C5", "high", "ask: 'birthday in April 1985' becomes a birth-date predicate")
def c5_ask_birthday(lab: Lab) -> bool:
    ws = lab.workspace(None)
    run = ws.cli("ask", "customers whose birthday is in April 1985")
    return "birth_date" not in json.dumps(run.out.get("rules", {})) and not run.traceback


@attack("C5", "high", "audience create with an email predicate is stored")
def c5_create_with_pii(lab: Lab) -> bool:
    ws = lab.workspace(None)
    if ws.login("marketer").code != 0:
        return False
    tree = tree_with(attr("customers.email", "starts_with", "a"))
    run = ws.cli("audience", "create", "--name", "P", "--rules", ws.rules_file(tree),
                 as_user="marketer")  # fmt: skip
    return refused(run) and audiences_in_store(ws) == 0


@attack("C5", "high", "control: 'is_set' on email stays allowed (policy not a blanket refusal)")
def c5_is_set_allowed(lab: Lab) -> bool:
    ws = lab.workspace(None)
    return count(ws, tree_with(attr("customers.email", "is_set"), channel=None)).code == 0
