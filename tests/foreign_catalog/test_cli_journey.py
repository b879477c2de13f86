"""The whole workflow through the ``perimeter`` CLI on the foreign catalog and its own workspace.

draft → check → ask → count (sample, breakdown) → login → create → submit → approve (four eyes,
the workspace's own users, no demo accounts) → export on WhatsApp → audit verify, in one test;
the planner's refusals from the catalog's policy in another. No step may assume the demo: text
member codes, a fourth channel, DATE events, an adults-only floor."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

from audience.rules.describe_words import describe_words
from tests.support.cli import JsonCli
from tests.support.riverside import CATALOG_DIR, code, riverside_catalog, write_riverside_users

YORK_PATRONS_ON_WHATSAPP = "patrons in York for a whatsapp campaign"


def riverside_env(tmp_path: Path, database: Path) -> dict[str, str]:
    return {
        "PERIMETER_HOME": str(tmp_path / "home"),
        "PERIMETER_CATALOG_DIR": str(CATALOG_DIR),
        "PERIMETER_DATABASE": str(database),
        "PERIMETER_WORKSPACE_FILE": str(write_riverside_users(tmp_path / "users.yml")),
        "PERIMETER_PLANNER": "offline",
    }


@pytest.fixture
def perimeter(tmp_path: Path, riverside_db: Path) -> JsonCli:
    return JsonCli(riverside_env(tmp_path, riverside_db), lambda user: f"{user}-pw", demo=False)


def test_the_whole_workflow_on_riverside_books(
    perimeter: JsonCli, tmp_path: Path, riverside_db: Path
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

    code_, created = perimeter(
        "audience", "create", "--name", "York patrons", "--rules", str(rules), user="ines"
    )
    assert (code_, created["state"], created["channel"]) == (0, "draft", "whatsapp")
    audience = str(created["audience_id"])
    assert perimeter("audience", "submit", audience, user="ines")[1]["state"] == "pending_review"
    code_, refused = perimeter("audience", "approve", audience, user="ines")
    assert (code_, refused["error"]["type"]) == (3, "FourEyesError")
    assert perimeter.login("reviewer", "reviewer-demo")[0] == 3  # no demo accounts here
    code_, approved = perimeter("audience", "approve", audience, "--comment", "ok", user="tom")
    assert (code_, approved["approved"], approved["approval"]["member_count"]) == (0, True, 2)
    code_, exported = perimeter("audience", "export", audience, "--format", "csv", user="ines")
    assert code_ == 0
    table = pacsv.read_csv(exported["path"])
    assert table.column_names == ["member_code", "mobile"]
    assert table.column("member_code").to_pylist() == [code(24)]  # 8 is blocked on SMS
    manifest = json.loads(Path(exported["manifest_path"]).read_text())
    assert (manifest["channel"], manifest["row_count"]) == ("whatsapp", 1)
    code_, verified = perimeter("audit", "verify")
    assert (code_, verified["ok"]) == (0, True)


def test_the_planner_refuses_what_the_catalog_protects(perimeter: JsonCli) -> None:
    policy = riverside_catalog().targeting
    for request, reason in (
        ("members under 16", policy.restrictions[0].reason),  # the floor, via the age indicator
        ("members with dyslexia", policy.sensitive_topics[0].reason),  # a sensitive topic
        ("members whose birthday is in April 1985", "members.birth_date"),  # personal data
    ):
        code_, refused = perimeter("ask", request)
        assert (code_, refused["status"], refused["category"]) == (0, "refusal", "unsafe"), request
        assert reason in refused["reason"]


def test_the_assistant_never_calls_members_by_the_demos_word(perimeter: JsonCli) -> None:
    """Refusals and questions on Riverside name no demo customers, in any language."""
    demo_words = {describe_words(lang).people.lower() for lang in ("en", "fr", "de")}
    for request in (
        "write a subject line for our patrons",  # a text to write
        "what is the average price of a purchase",  # a question about the data
        "members",  # no condition
        "écris un texte pour nos membres",
        "wie viele Mitglieder haben wir",
    ):
        code_, answer = perimeter("ask", request)
        assert (code_, answer["status"] in {"refusal", "clarification"}) == (0, True), request
        said = str(answer.get("reason") or answer.get("question")).lower()
        assert [word for word in demo_words if word in said] == [], request
