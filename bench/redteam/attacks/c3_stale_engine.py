"""C3 high: a stale engine at export"""

from __future__ import annotations

from bench.redteam import app_driver as ui
from bench.redteam.common import (
    attack,
    demo_export,
    exported_rows,
    refused,
    replace_database,
)
from bench.redteam.lab import Lab, Run, Workspace


def _consent_column(table_column: str) -> tuple[str, str]:
    table, column = table_column.split(".")
    return table, column


def _ui_export(ws: Workspace, user: str, password: str, audience_id: int,
               replace_sql: str) -> int | None:  # fmt: skip
    """Sign in, open Audiences (the app opens its engine), replace the data, export."""
    with ws.process_env():
        at = ui.sign_in(ui.start(), user, password)
        at.switch_page("views/audiences.py").run()
        picks = [s for s in at.selectbox if s.label == "Open"]
        if picks:
            picks[0].set_value(audience_id).run()
        replace_database(ws, replace_sql)
        buttons = [b for b in at.button if b.label == "Export"]
        if not buttons:
            return None
        buttons[0].click().run()
    files = sorted(ws.exports.rglob("audience.csv"), key=lambda p: p.stat().st_mtime_ns)
    return len(exported_rows(str(files[-1]))) if files else None


@attack("C3", "high", "UI: export after consent was revoked in a replaced data file")
def c3_ui_consent_revoked(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    audience_id = ws.approved_audience("marketer", "reviewer")
    rows = _ui_export(ws, "marketer", "marketer-demo", audience_id,
                      "UPDATE consents SET email_optin = false")  # fmt: skip
    return rows == 0 or (rows is None and not list(ws.exports.rglob("audience.csv")))


@attack("C3", "high", "UI: export after everyone was suppressed in a replaced data file")
def c3_ui_suppressed(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    audience_id = ws.approved_audience("marketer", "reviewer")
    sql = ("INSERT INTO suppressions SELECT * REPLACE (c.customer_id AS customer_id) FROM "
           "(SELECT * FROM suppressions LIMIT 1) s, customers c")  # fmt: skip
    rows = _ui_export(ws, "marketer", "marketer-demo", audience_id, sql)
    return rows == 0 or (rows is None and not list(ws.exports.rglob("audience.csv")))


@attack("C3", "high", "CLI: export after consent was revoked in a replaced data file")
def c3_cli_consent_revoked(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    audience_id = ws.approved_audience("marketer", "reviewer")
    replace_database(ws, "UPDATE consents SET email_optin = false")
    run = demo_export(ws, audience_id, "marketer")
    return refused(run) or (run.code == 0 and run.out.get("row_count") == 0)


@attack("C3", "high", "UI: counts keep reading the old file after it was replaced")
def c3_ui_counts_stale(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    with ws.process_env():
        at = ui.sign_in(ui.start(), "marketer", "marketer-demo")
        at.chat_input[0].set_value("VIP customers").run()
        before = [m.value for m in at.metric if "size" in str(m.label).lower()]
        replace_database(ws, "UPDATE customers SET loyalty_tier = 'standard'")
        at.chat_input[0].set_value("VIP customers").run()
        after = [m.value for m in at.metric if "size" in str(m.label).lower()]
    return bool(before) and bool(after) and str(after[-1]).strip() == "0"


@attack("C3", "high", "The manifest does not say which data the export was read from")
def c3_manifest_data_identity(lab: Lab) -> bool:
    ws = lab.workspace(None, own_database=True)
    first = ws.approved_audience("marketer", "reviewer", name="One")
    one = demo_export(ws, first, "marketer")
    replace_database(ws, "UPDATE consents SET email_optin = email_optin")
    second = ws.approved_audience("marketer", "reviewer", name="Two")
    two = demo_export(ws, second, "marketer")
    if one.code != 0 or two.code != 0:
        return False

    def identity(run: Run) -> dict[str, object]:
        manifest = run.out.get("manifest", {})
        return {k: v for k, v in manifest.items() if "data" in k.lower() or "database" in k.lower()}

    return bool(identity(one)) and identity(one) != identity(two)
