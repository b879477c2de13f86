"""The whole workflow through the ``perimeter`` CLI on the foreign catalog and its own workspace.

draft → check → ask → count (sample, breakdown) → create → submit → approve (four eyes, non-demo
users) → export on WhatsApp → audit verify, in one test; the planner's refusals from the
catalog's policy in another. No step may assume the demo: text member codes, a fourth channel,
DATE events, an adults-only floor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
import yaml
from typer.testing import CliRunner

from audience.workflow.workspace import hash_password
from tests.support.riverside import CATALOG_DIR, code, riverside_catalog
from ui.cli.main import app

YORK_PATRONS_ON_WHATSAPP = "patrons in York for a whatsapp campaign"


class Perimeter:
    """Runs ``perimeter … --json`` in one workspace; returns (exit code, parsed output)."""

    def __init__(self, tmp_path: Path, database: Path) -> None:
        workspace = tmp_path / "workspace.yml"
        users = [
            {"name": name, "role": role, "password": hash_password(f"{name}-pw", n=2**4)}
            for name, role in (("ines", "marketer"), ("tom", "reviewer"))
        ]
        workspace.write_text(yaml.safe_dump({"name": "riverside", "users": users}))
        self.env = {
            "PERIMETER_HOME": str(tmp_path / "home"),
            "PERIMETER_CATALOG_DIR": str(CATALOG_DIR),
            "PERIMETER_DATABASE": str(database),
            "PERIMETER_WORKSPACE_FILE": str(workspace),
            "PERIMETER_PLANNER": "offline",
        }
        self.runner = CliRunner()

    def __call__(self, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        result = self.runner.invoke(app, [*args, "--json"], env=self.env)
        return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}

    def as_user(self, user: str, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        """A workflow command acting as ``user`` (the one place that says how the CLI knows)."""
        return self(*args, "--user", user)


@pytest.fixture
def perimeter(tmp_path: Path, riverside_db: Path) -> Perimeter:
    return Perimeter(tmp_path, riverside_db)


def test_the_whole_workflow_on_riverside_books(
    perimeter: Perimeter, tmp_path: Path, riverside_db: Path
) -> None:
    """draft → check → ask → count + sample + breakdown → create → submit → approve → export →
    audit verify, each step fed by the one before, on text keys and the WhatsApp channel."""
    code_, drafted = perimeter("catalog", "draft", "--database", str(riverside_db))
    assert code_ == 0
    assert drafted["profile"] == {"table": "members", "key": "member_code", "label": "member"}
    assert {c["name"]: c["contact_format"] for c in drafted["channels"]} == {
        "email": "email", "sms": "phone", "whatsapp": "phone",
    }  # fmt: skip
    code_, checked = perimeter("catalog", "check", "--database", str(riverside_db))
    assert code_ == 0
    assert [i for i in checked["issues"] if i["severity"] == "error"] == []

    code_, asked = perimeter("ask", YORK_PATRONS_ON_WHATSAPP, "--sample", "2")
    assert (code_, asked["status"], asked["count"]) == (0, "proposal", 2)
    assert asked["rules"]["channel"] == "whatsapp"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(asked["rules"]))
    code_, counted = perimeter("count", str(rules), "--sample", "2", "--breakdown", "members.tier")
    assert (code_, counted["count"]) == (0, 2)
    assert {r["value"]: r["count"] for r in counted["breakdown"]["rows"]} == {"patron": 2}
    assert sorted(row["member_code"] for row in counted["sample"]["rows"]) == [code(8), code(24)]
    assert all(
        "*" in row["mobile"] and not row["mobile"].startswith("+447700")
        for row in counted["sample"]["rows"]
    )  # masked

    code_, created = perimeter.as_user(
        "ines", "audience", "create", "--name", "York patrons", "--rules", str(rules)
    )
    assert (code_, created["state"], created["channel"]) == (0, "draft", "whatsapp")
    audience = str(created["audience_id"])
    assert perimeter.as_user("ines", "audience", "submit", audience)[1]["state"] == "pending_review"
    code_, refused = perimeter.as_user("ines", "audience", "approve", audience)
    assert (code_, refused["error"]["type"]) == (3, "FourEyesError")
    code_, demo_account = perimeter.as_user("reviewer", "audience", "approve", audience)
    assert (code_, demo_account["error"]["type"]) == (3, "PermissionDeniedError")  # no demo users
    code_, approved = perimeter.as_user("tom", "audience", "approve", audience, "--comment", "ok")
    assert (code_, approved["approved"], approved["approval"]["member_count"]) == (0, True, 2)
    code_, exported = perimeter.as_user("tom", "audience", "export", audience, "--format", "csv")
    assert code_ == 0
    table = pacsv.read_csv(exported["path"])
    assert table.column_names == ["member_code", "mobile"]
    assert table.column("member_code").to_pylist() == [code(24)]  # 8 is blocked on SMS
    manifest = json.loads(Path(exported["manifest_path"]).read_text())
    assert (manifest["channel"], manifest["row_count"]) == ("whatsapp", 1)
    code_, verified = perimeter("audit", "verify")
    assert (code_, verified["ok"]) == (0, True)


def test_the_planner_refuses_what_the_catalog_protects(perimeter: Perimeter) -> None:
    policy = riverside_catalog().targeting
    for request, reason in (
        ("members under 16", policy.restrictions[0].reason),  # the floor, via the age indicator
        ("members with dyslexia", policy.sensitive_topics[0].reason),  # a sensitive topic
        ("members whose birthday is in April 1985", "members.birth_date"),  # personal data
    ):
        code_, refused = perimeter("ask", request)
        assert (code_, refused["status"], refused["category"]) == (0, "refusal", "unsafe"), request
        assert reason in refused["reason"]
