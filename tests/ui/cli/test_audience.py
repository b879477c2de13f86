"""``perimeter audience …`` and ``perimeter audit verify`` end to end, on the demo database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli.main import app

VIP = {
    "schema_version": 1,
    "root": {"kind": "group", "op": "and", "rules": [
        {"kind": "attribute", "field": "customers.loyalty_tier", "op": "eq", "value": "vip"}]},
    "channel": "email",
}  # fmt: skip


class Cli:
    """Runs the CLI with ``--json`` in one workspace; returns (exit code, parsed output)."""

    def __init__(self, home: Path, database: Path) -> None:
        self.env = {"PERIMETER_HOME": str(home), "PERIMETER_DATABASE": str(database)}
        self.runner = CliRunner()

    def __call__(self, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        result = self.runner.invoke(app, [*args, "--json"], env=self.env)
        return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


@pytest.fixture
def cli(tmp_path: Path, demo_db: Path) -> Cli:
    return Cli(tmp_path / "home", demo_db)


def rules_file(tmp_path: Path, tree: dict = VIP) -> str:  # type: ignore[type-arg]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(tree))
    return str(path)


def test_journey_create_submit_approve_export_history_verify(cli: Cli, tmp_path: Path) -> None:
    code, created = cli("audience", "create", "--name", "VIP", "--rules", rules_file(tmp_path),
                        "--user", "marketer")  # fmt: skip
    assert (code, created["state"], created["version"], created["channel"]) == (
        0, "draft", 1, "email",
    )  # fmt: skip
    assert cli("audience", "submit", "1", "--user", "marketer")[1]["state"] == "pending_review"
    code, refused = cli("audience", "approve", "1", "--user", "marketer")
    assert (code, refused["error"]["type"]) == (3, "FourEyesError")
    code, approved = cli("audience", "approve", "VIP", "--user", "reviewer", "--comment", "ok")
    assert (code, approved["approved"], approved["approval"]["approvers"]) == (
        0,
        True,
        ["reviewer"],
    )
    code, first = cli("audience", "export", "1", "--format", "csv", "--user", "reviewer")
    assert code == 0 and Path(first["path"]).is_file() and not first["reused"]
    assert first["manifest"]["columns"] == ["customer_id", "email"]
    again = cli("audience", "export", "1", "--format", "csv", "--user", "admin")[1]
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
    assert (code, verified["ok"], verified["entries"]) == (0, True, 4)


def test_edit_withdraw_reject_rollback_and_show(cli: Cli, tmp_path: Path) -> None:
    path = rules_file(tmp_path)
    cli("audience", "create", "--name", "A", "--rules", path, "--user", "marketer")
    cli("audience", "submit", "1", "--user", "marketer")
    assert cli("audience", "withdraw", "1", "--user", "marketer")[1]["state"] == "draft"
    cli("audience", "submit", "1", "--user", "marketer")
    rejected = cli("audience", "reject", "1", "--user", "reviewer", "--comment", "narrower")[1]
    assert (rejected["state"], rejected["review_comment"]) == ("rejected", "narrower")
    assert cli("audience", "edit", "1", "--rules", path, "--user", "marketer")[1]["version"] == 2
    rolled = cli("audience", "rollback", "1", "--version", "1", "--user", "admin")[1]
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
    cli("audience", "create", "--name", "All", "--rules", rules_file(tmp_path, everyone),
        "--user", "marketer")  # fmt: skip
    code, refused = cli("audience", "submit", "1", "--user", "marketer")
    assert (code, refused["error"]["type"]) == (3, "ReasonRequiredError")
    code, submitted = cli("audience", "submit", "1", "--user", "marketer", "--reason", "sale")
    assert code == 0
    assert "share_of_base" in [f["code"] for f in submitted["assessment"]["flags"]]


@pytest.mark.parametrize(
    ("args", "code", "error_type"),
    [
        (["audience", "create", "--name", "X", "--user", "marketer"], 2, None),
        (["audience", "show", "99"], 2, "UnknownAudienceError"),
        (["audience", "create", "--name", "X", "--rules", "RULES", "--user", "mallory"], 3,
         "PermissionDeniedError"),
        (["audience", "export", "1", "--format", "csv", "--user", "admin"], 2,
         "UnknownAudienceError"),
    ],
)  # fmt: skip
def test_bad_input_and_refusals_have_distinct_exit_codes(
    cli: Cli, tmp_path: Path, args: list[str], code: int, error_type: str | None
) -> None:
    args = [rules_file(tmp_path) if a == "RULES" else a for a in args]
    got, payload = cli(*args)
    assert got == code
    assert error_type is None or payload["error"]["type"] == error_type


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
    code, payload = cli("audience", "create", "--name", "B", "--rules", rules_file(tmp_path, bad),
                        "--user", "marketer")  # fmt: skip
    assert code == 2
    assert payload["error"]["issues"][0]["path"].startswith("root.rules[0]")


def test_audit_verify_reports_the_tampered_entry(cli: Cli, tmp_path: Path) -> None:
    cli("audience", "create", "--name", "A", "--rules", rules_file(tmp_path), "--user", "marketer")
    cli("audience", "submit", "1", "--user", "marketer")
    with sqlite3.connect(tmp_path / "home" / "state" / "perimeter.sqlite3") as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'reviewer' WHERE seq = 2")
    code, result = cli("audit", "verify")
    assert (code, result["ok"], result["first_bad_index"]) == (4, False, 1)


def test_create_from_a_request_uses_the_assistant_and_reads_the_expected_size(cli: Cli) -> None:
    code, created = cli("audience", "create", "--name", "R", "--request",
                        "VIP customers in Lyon, about 300 people", "--channel", "email",
                        "--user", "marketer")  # fmt: skip
    assert code == 0, created
    assert (created["expected_size"], created["request_text"][:3]) == (300, "VIP")
    actions = [e["action"] for e in cli("audience", "history", "1")[1]["entries"]]
    assert actions == ["create"]
