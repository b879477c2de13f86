"""C1 critical: the UI ignores the configured workspace"""

from __future__ import annotations

import hashlib

from bench.redteam import app_driver as ui
from bench.redteam.common import (
    attack,
    demo_export,
    refused,
    ui_sign_in,
)
from bench.redteam.lab import ACME, Lab


@attack("C1", "critical", "UI: demo account signs in where PERIMETER_WORKSPACE_FILE lists users")
def c1_demo_password_env_file(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    control = ui_sign_in(ws, "bob", ACME["bob"][1])
    return control and not ui_sign_in(ws, "reviewer", "reviewer-demo")


@attack("C1", "critical", "UI: demo account signs in where the workspace folder has users.yml")
def c1_demo_password_home_file(lab: Lab) -> bool:
    ws = lab.workspace(ACME, users_file_via_env=False)
    control = ui_sign_in(ws, "alice", ACME["alice"][1])
    return control and not ui_sign_in(ws, "marketer", "marketer-demo")


@attack("C1", "critical", "UI: every demo account tried on a real workspace")
def c1_every_demo_account(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    tried = [ui_sign_in(ws, u, f"{u}-demo") for u in ("marketer", "reviewer", "admin")]
    return not any(tried)


@attack("C1", "critical", "UI: the sign-in page prints passwords on a real workspace")
def c1_sign_in_page_prints_passwords(lab: Lab) -> bool:
    ws = lab.workspace(ACME)
    with ws.process_env():
        page = ui.texts(ui.start())
    secrets = ["-demo", *[password for _, password in ACME.values()], "scrypt$"]
    return not any(secret in page for secret in secrets)


@attack("C1", "critical", "UI: the demo sign-in page prints anything beyond the documented demo")
def c1_demo_page_prints_hashes(lab: Lab) -> bool:
    ws = lab.workspace(None)
    with ws.process_env():
        page = ui.texts(ui.start())
    return "scrypt$" not in page and ui_sign_in(ws, "reviewer", "reviewer-demo")


@attack("C1", "critical", "UI and CLI disagree on who exists (CLI accepts what the UI refuses)")
def c1_ui_cli_one_source(lab: Lab) -> bool:
    ws = lab.workspace(ACME, users_file_via_env=False)
    cli_demo = ws.login("reviewer", "reviewer-demo").code == 0
    cli_real = ws.login("bob").code == 0
    ui_real = ui_sign_in(ws, "bob", ACME["bob"][1])
    return cli_real and ui_real and not cli_demo


@attack("C1", "critical", "An approval by a user absent from the workspace is exported")
def c1_unknown_approver_exported(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    ws.users = ACME  # the workspace gets its real users file; 'reviewer' no longer exists
    ws.write_users()
    ws.tokens.clear()
    assert ws.login("carol").code == 0
    exported = demo_export(ws, audience_id, "carol")
    verified = ws.cli("audit", "verify")
    return refused(exported) or (verified.code != 0 and not verified.traceback)


@attack("C1", "critical", "UI: a made-up session parameter in the URL signs in")
def c1_forged_session_param(lab: Lab) -> bool:
    ws = lab.workspace(None)
    with ws.process_env():
        at = ui.sign_in(ui.start(), "reviewer", "reviewer-demo")
        params = ui.query(at)
        if not params:
            return False  # no session survives a refresh: nothing to forge, but feature missing
        forged = {key: hashlib.sha256(value.encode()).hexdigest()[:len(value)]
                  for key, value in params.items()}  # fmt: skip
        forged_in = ui.signed_in(ui.start(forged))
        names = {key: "reviewer" for key in params}
        by_name = ui.signed_in(ui.start(names))
    return not forged_in and not by_name


@attack("C1", "critical", "UI: a session URL still works after sign-out")
def c1_session_after_sign_out(lab: Lab) -> bool:
    ws = lab.workspace(None)
    with ws.process_env():
        at = ui.sign_in(ui.start(), "marketer", "marketer-demo")
        params = ui.query(at)
        if not params or not ui.signed_in(ui.start(params)):
            return False  # the refresh itself must keep the session (control)
        [out] = [b for b in at.button if b.label == "Sign out"]
        out.click().run()
        return not ui.signed_in(ui.start(params))


@attack("C1", "critical", "UI: a session URL of a user removed from the users file still works")
def c1_session_of_removed_user(lab: Lab) -> bool:
    ws = lab.workspace(dict(ACME))
    with ws.process_env():
        at = ui.sign_in(ui.start(), "bob", ACME["bob"][1])
        params = ui.query(at)
        if not params or not ui.signed_in(ui.start(params)):
            return False
        ws.users = {k: v for k, v in ACME.items() if k != "bob"}
        ws.write_users()
        return not ui.signed_in(ui.start(params))
