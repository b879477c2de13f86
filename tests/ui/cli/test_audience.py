"""``perimeter audience …`` and ``perimeter audit verify`` end to end, on the demo database.

People act through ``perimeter login`` tokens (``PERIMETER_TOKEN``), never a typed ``--user``.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from audience.errors import NotSignedInError
from audience.workflow import sign_in
from audience.workflow.identity import LOCK_AFTER
from tests.support.cli import JsonCli as Cli
from ui.cli.main import app

HOUR = timedelta(hours=1)

VIP = {
    "schema_version": 1,
    "root": {"kind": "group", "op": "and", "rules": [
        {"kind": "attribute", "field": "customers.loyalty_tier", "op": "eq", "value": "vip"}]},
    "channel": "email",
}  # fmt: skip


@pytest.fixture
def cli(tmp_path: Path, demo_db: Path) -> Cli:
    env = {"PERIMETER_HOME": str(tmp_path / "home"), "PERIMETER_DATABASE": str(demo_db)}
    return Cli(env, lambda user: f"{user}-demo")


def rules_file(tmp_path: Path, tree: dict = VIP) -> str:  # type: ignore[type-arg]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(tree))
    return str(path)


def test_journey_create_submit_approve_export_history_verify(cli: Cli, tmp_path: Path) -> None:
    code, created = cli(
        "audience", "create", "--name", "VIP", "--rules", rules_file(tmp_path), user="marketer"
    )
    assert (code, created["state"], created["version"], created["channel"]) == (
        0, "draft", 1, "email",
    )  # fmt: skip
    assert cli("audience", "submit", "1", user="marketer")[1]["state"] == "pending_review"
    code, refused = cli("audience", "approve", "1", user="marketer")
    assert (code, refused["error"]["type"]) == (3, "FourEyesError")
    code, approved = cli("audience", "approve", "VIP", "--comment", "ok", user="reviewer")
    assert (code, approved["approved"], approved["approval"]["approvers"]) == (
        0,
        True,
        ["reviewer"],
    )
    code, first = cli("audience", "export", "1", "--format", "csv", user="marketer")
    assert code == 0 and Path(first["path"]).is_file() and not first["reused"]
    assert first["manifest"]["columns"] == ["customer_id", "email"]
    again = cli("audience", "export", "1", "--format", "csv", user="admin")[1]
    assert (again["path"], again["sha256"], again["reused"]) == (
        first["path"],
        first["sha256"],
        True,
    )
    listed = cli("audience", "list")[1]["audiences"]
    assert [(a["name"], a["state"]) for a in listed] == [("VIP", "exported")]
    actions = [e["action"] for e in cli("audience", "history", "1")[1]["entries"]]
    assert actions == ["create", "submit", "approve", "export"]
    code, verified = cli("audit", "verify")
    assert (code, verified["ok"], verified["entries"]) == (0, True, 7)  # 3 sign-ins + 4 actions


def test_edit_withdraw_reject_rollback_and_show(cli: Cli, tmp_path: Path) -> None:
    path = rules_file(tmp_path)
    cli("audience", "create", "--name", "A", "--rules", path, user="marketer")
    cli("audience", "submit", "1", user="marketer")
    assert cli("audience", "withdraw", "1", user="marketer")[1]["state"] == "draft"
    cli("audience", "submit", "1", user="marketer")
    rejected = cli("audience", "reject", "1", "--comment", "narrower", user="reviewer")[1]
    assert (rejected["state"], rejected["review_comment"]) == ("rejected", "narrower")
    assert cli("audience", "edit", "1", "--rules", path, user="marketer")[1]["version"] == 2
    rolled = cli("audience", "rollback", "1", "--version", "1", user="admin")[1]
    assert (rolled["version"], rolled["state"], rolled["version_author"]) == (3, "draft", "admin")
    shown = cli("audience", "show", "1")[1]
    assert [v["version"] for v in shown["versions"]] == [1, 2, 3]
    assert shown["rules"]["root"]["rules"][0]["value"] == "vip"
    assert shown["description"]


def test_flagged_audience_needs_a_reason(cli: Cli, tmp_path: Path) -> None:
    everyone = {
        **VIP,
        "root": {
            "kind": "group",
            "op": "and",
            "rules": [
                {"kind": "attribute", "field": "customers.loyalty_points", "op": "gte", "value": 0}
            ],
        },
    }
    cli(
        "audience",
        "create",
        "--name",
        "All",
        "--rules",
        rules_file(tmp_path, everyone),
        user="marketer",
    )
    code, refused = cli("audience", "submit", "1", user="marketer")
    assert (code, refused["error"]["type"]) == (3, "ReasonRequiredError")
    # The refusal gives the figures the reason has to answer, not just the flag codes.
    assert refused["error"]["size"] > 0
    assert "share_of_base" in refused["error"]["flags"]
    preview = cli("audience", "show", "1", user="marketer")[1]["preview"]
    assert "share_of_base" in [f["code"] for f in preview["flags"]]
    code, submitted = cli("audience", "submit", "1", "--reason", "summer sale", user="marketer")
    assert code == 0
    assert "share_of_base" in [f["code"] for f in submitted["assessment"]["flags"]]
    assert submitted["assessment"]["count"] == refused["error"]["size"] == preview["count"]
    assert "preview" not in cli("audience", "show", "1", user="marketer")[1]


def test_exporting_an_audience_in_review_says_it_waits_for_a_reviewer(
    cli: Cli, tmp_path: Path
) -> None:
    cli("audience", "create", "--name", "VIP", "--rules", rules_file(tmp_path), user="marketer")
    cli("audience", "submit", "1", user="marketer")
    code, refused = cli("audience", "export", "1", user="marketer")
    assert (code, refused["error"]["type"]) == (3, "ExportBlockedError")
    assert "perimeter audience approve" in refused["error"]["message"]
    assert "Submit it" not in refused["error"]["message"]


@pytest.mark.parametrize(
    ("args", "user", "code", "error_type"),
    [
        (["audience", "create", "--name", "X"], "marketer", 2, None),
        (["audience", "show", "99"], "marketer", 2, "UnknownAudienceError"),
        (["audience", "show", "²"], "marketer", 2, "UnknownAudienceError"),
        (["audience", "show", "١"], "marketer", 2, "UnknownAudienceError"),
        (["audience", "show", str(2**63)], "marketer", 2, "UnknownAudienceError"),
        (["audience", "create", "--name", "X", "--rules", "RULES"], None, 3, "NotSignedInError"),
        (["audience", "create", "--name", "X", "--rules", "/dev/zero"], "marketer", 2,
         "InputFileError"),
        (["audience", "export", "1", "--format", "csv"], "admin", 2, "UnknownAudienceError"),
        (["audience", "export", "1", "--format", "csv"], None, 3, "NotSignedInError"),
    ],
)  # fmt: skip
def test_bad_input_and_refusals_have_distinct_exit_codes(
    cli: Cli, tmp_path: Path, args: list[str], user: str | None, code: int,
    error_type: str | None,
) -> None:  # fmt: skip
    args = [rules_file(tmp_path) if a == "RULES" else a for a in args]
    got, payload = cli(*args, user=user)
    assert got == code
    assert error_type is None or payload["error"]["type"] == error_type


def test_the_user_flag_is_gone(cli: Cli, tmp_path: Path) -> None:
    result = cli.runner.invoke(
        app, ["audience", "create", "--name", "X", "--rules", rules_file(tmp_path), "--user",
              "marketer"], env=cli.env,
    )  # fmt: skip
    assert result.exit_code == 2  # usage error: no such option
    assert cli("audience", "list", user="marketer")[1]["audiences"] == []


def test_invalid_rules_report_issue_codes(cli: Cli, tmp_path: Path) -> None:
    bad = {
        **VIP,
        "root": {
            "kind": "group",
            "op": "and",
            "rules": [
                {"kind": "attribute", "field": "customers.contry", "op": "eq", "value": "FR"}
            ],
        },
    }
    code, payload = cli(
        "audience", "create", "--name", "B", "--rules", rules_file(tmp_path, bad), user="marketer"
    )
    assert code == 2
    assert payload["error"]["issues"][0]["path"].startswith("root.rules[0]")


def test_audit_verify_reports_the_tampered_entry(cli: Cli, tmp_path: Path) -> None:
    cli("audience", "create", "--name", "A", "--rules", rules_file(tmp_path), user="marketer")
    cli("audience", "submit", "1", user="marketer")
    with sqlite3.connect(tmp_path / "home" / "state" / "perimeter.sqlite3") as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'reviewer' WHERE seq = 2")
    code, result = cli("audit", "verify")
    assert (code, result["ok"], result["first_bad_index"]) == (4, False, 1)


def test_create_from_a_request_uses_the_assistant_and_reads_the_expected_size(cli: Cli) -> None:
    code, created = cli(
        "audience",
        "create",
        "--name",
        "R",
        "--request",
        "VIP customers in Lyon, about 300 people",
        "--channel",
        "email",
        user="marketer",
    )
    assert code == 0, created
    assert (created["expected_size"], created["request_text"][:3]) == (300, "VIP")
    actions = [e["action"] for e in cli("audience", "history", "1")[1]["entries"]]
    assert actions == ["create"]


def test_a_question_from_the_assistant_is_answered_with_option(cli: Cli) -> None:
    """An ambiguous request fails listing the numbered options; ``--option N`` takes one."""
    args = ("audience", "create", "--name", "Big", "--request", "big spenders")
    code, asked = cli(*args, user="marketer")
    assert (code, asked["error"]["status"]) == (2, "clarification")
    labels = [option["label"] for option in asked["error"]["options"]]
    assert len(labels) >= 2
    code, wrong = cli(*args, "--option", str(len(labels) + 1), user="marketer")
    assert (code, wrong["error"]["status"]) == (2, "clarification")
    code, created = cli(*args, "--option", "2", user="marketer")
    assert (code, created["state"]) == (0, "draft")
    shown = cli("audience", "show", "Big", user="marketer")[1]
    assert shown["description"] != ""
    assert [e["action"] for e in cli("audience", "history", "1")[1]["entries"]] == ["create"]


def test_four_eyes_through_the_cli_with_tokens(cli: Cli, tmp_path: Path) -> None:
    """One person cannot create, submit, approve and export; two tokens can, and the log says
    who did what."""
    cli("audience", "create", "--name", "VIP", "--rules", rules_file(tmp_path), user="marketer")
    cli("audience", "submit", "1", user="marketer")
    assert cli("audience", "approve", "1", user="marketer")[1]["error"]["type"] == "FourEyesError"
    code, refused = cli("audience", "export", "1", "--format", "csv", user="marketer")
    assert (code, refused["error"]["type"]) == (3, "ExportBlockedError")
    assert cli("audience", "approve", "1", user="reviewer")[0] == 0
    code, refused = cli("audience", "export", "1", "--format", "csv", user="reviewer")
    assert (code, refused["error"]["type"]) == (3, "PermissionDeniedError")
    assert cli("audience", "export", "1", "--format", "csv", user="marketer")[0] == 0
    entries = cli("audience", "history", "1", user="admin")[1]["entries"]
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("marketer", "create"), ("marketer", "submit"), ("reviewer", "approve"),
        ("marketer", "export"),
    ]  # fmt: skip


def test_login_logout_and_token_handling(cli: Cli, private_home: Path) -> None:
    code, out = cli("login", "--user", "reviewer", PERIMETER_PASSWORD="reviewer-demo")
    token_file = Path(out["token_file"])
    assert code == 0 and token_file.is_relative_to(private_home)
    assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    assert cli("whoami")[1]["user"] == "reviewer"  # the token file, no PERIMETER_TOKEN
    token = token_file.read_text()
    token_file.chmod(0o644)
    assert cli("whoami")[1]["error"]["type"] == "NotSignedInError"  # readable by others
    token_file.chmod(0o600)
    assert cli("logout")[0] == 0 and not token_file.exists()
    assert cli("whoami", PERIMETER_TOKEN=token)[1]["error"]["type"] == "NotSignedInError"


def lock_out(name: str) -> None:
    """Ten wrong passwords for ``name``, through the same store the CLI and the app use."""
    from audience.workflow import workspace_of
    from audience.workflow.store import open_workspace_store
    from settings import load_settings

    settings = load_settings()
    store, workspace = open_workspace_store(settings), workspace_of(settings)
    for attempt in range(LOCK_AFTER):
        with pytest.raises(NotSignedInError):
            later = datetime.now(UTC) + timedelta(hours=attempt)  # past each pause
            sign_in(store, workspace, name, f"guess{attempt}", kind="cli", ttl=HOUR, now=later)


def test_wrong_passwords_lock_sign_in(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERIMETER_HOME", cli.env["PERIMETER_HOME"])
    monkeypatch.setenv("PERIMETER_DATABASE", cli.env["PERIMETER_DATABASE"])
    assert cli("login", "--user", "admin", PERIMETER_PASSWORD="guess")[0] == 3
    lock_out("admin")
    code, out = cli("login", "--user", "admin", PERIMETER_PASSWORD="admin-demo")
    assert (code, out["error"]["type"]) == (3, "SignInLockedError")
    assert cli("login", "--user", "reviewer", PERIMETER_PASSWORD="reviewer-demo")[0] == 0


def test_a_real_workspace_never_accepts_demo_accounts(cli: Cli, tmp_path: Path) -> None:
    from audience.workflow.workspace import hash_password

    users = tmp_path / "home" / "users.yml"
    users.parent.mkdir(parents=True, exist_ok=True)
    demo, real = hash_password("reviewer-demo", n=16), hash_password("bob-long-secret", n=16)
    users.write_text(
        "name: acme\nusers:\n"
        f"  - {{name: reviewer, role: reviewer, password: '{demo}'}}\n"
        f"  - {{name: bob, role: reviewer, password: '{real}'}}\n"
    )
    for user in ("marketer", "reviewer", "admin"):
        assert cli("login", "--user", user, PERIMETER_PASSWORD=f"{user}-demo")[0] == 3
    code, out = cli("login", "--user", "bob", PERIMETER_PASSWORD="bob-long-secret")
    assert (code, out["user"], out["demo_workspace"]) == (0, "bob", False)


def test_a_corrupted_store_is_an_error_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    cli("audience", "create", "--name", "VIP", "--rules", rules_file(tmp_path), user="marketer")
    store = tmp_path / "home" / "state" / "perimeter.sqlite3"
    data = bytearray(store.read_bytes())
    data[4096 : 4096 * 4] = b"\xff" * len(data[4096 : 4096 * 4])
    store.write_bytes(bytes(data))
    code, out = cli("audience", "list", user="marketer")
    assert (code, out["error"]["type"]) == (1, "StoreError")


def test_once_a_workspace_has_users_only_a_signed_in_admin_adds_more(cli: Cli) -> None:
    """The first user of a new users file needs no sign-in (whoever can write the file could
    anyway); every later one, an admin above all, is a signed-in admin's audited act."""

    def add(name: str, role: str, token: str | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
        signed = {"PERIMETER_TOKEN": token} if token else {}
        secret = {"PERIMETER_PASSWORD": f"{name}-long-secret"}
        return cli("users", "add", "--user", name, "--role", role, **secret, **signed)

    def login(name: str) -> str:
        code, out = cli("login", "--user", name, PERIMETER_PASSWORD=f"{name}-long-secret")
        assert code == 0, out
        return Path(out["token_file"]).read_text()

    assert add("ada", "admin")[0] == 0
    code, refused = add("zed", "admin")
    assert (code, refused["error"]["type"]) == (3, "NotSignedInError")
    ada = login("ada")
    assert add("mia", "marketer", ada)[0] == 0
    code, refused = add("zed", "admin", login("mia"))
    assert (code, refused["error"]["type"]) == (3, "PermissionDeniedError")
    assert cli("login", "--user", "zed", PERIMETER_PASSWORD="zed-long-secret")[0] == 3
    assert cli("audit", "verify")[1]["entries"] >= 2  # two additions, besides the sign-ins


def test_a_users_file_of_ones_own_choosing_is_refused(cli: Cli, tmp_path: Path) -> None:
    """The workspace's state belongs to the users file it was first used with: pointing
    PERIMETER_WORKSPACE_FILE at a file one wrote (an admin whose password one knows) is refused,
    and so is a binding edited in the state file."""
    from audience.workflow.workspace import hash_password

    assert cli("users", "add", "--user", "ada", "--role", "admin",
               PERIMETER_PASSWORD="ada-long-secret")[0] == 0  # fmt: skip
    own = tmp_path / "own.yml"
    secret = hash_password("zed-long-secret", n=16)
    own.write_text(f"name: mine\nusers:\n  - {{name: zed, role: admin, password: '{secret}'}}\n")
    code, refused = cli("login", "--user", "zed", PERIMETER_PASSWORD="zed-long-secret",
                        PERIMETER_WORKSPACE_FILE=str(own))  # fmt: skip
    assert (code, refused["error"]["type"]) == (3, "WorkspaceBindingError")
    with sqlite3.connect(tmp_path / "home" / "state" / "perimeter.sqlite3") as raw:
        raw.execute("UPDATE workspace_binding SET users_file = ?", (str(own.resolve()),))
    code, refused = cli("login", "--user", "zed", PERIMETER_PASSWORD="zed-long-secret",
                        PERIMETER_WORKSPACE_FILE=str(own))  # fmt: skip
    assert (code, refused["error"]["type"]) == (3, "WorkspaceBindingError")
    assert cli("login", "--user", "ada", PERIMETER_PASSWORD="ada-long-secret")[0] == 3


@pytest.mark.parametrize("twin", ["Ada", "ada ", "a\u200bda", "\u0430da", "ádа"])
def test_a_name_that_reads_like_another_users_is_refused(cli: Cli, twin: str) -> None:
    """Look-alike names (case, spaces, invisible or Cyrillic letters) would make a requester
    and an approver read the same in a history."""
    secret = {"PERIMETER_PASSWORD": "long-enough-secret"}
    assert cli("users", "add", "--user", "ada", "--role", "admin", **secret)[0] == 0
    token = cli("login", "--user", "ada", **secret)[1]
    signed = {"PERIMETER_TOKEN": Path(token["token_file"]).read_text()}
    code, refused = cli("users", "add", "--user", twin, "--role", "reviewer", **secret, **signed)
    assert code == 2, refused
    assert cli("users", "add", "--user", "bob", "--role", "reviewer", **secret, **signed)[0] == 0
