"""``perimeter count`` and ``perimeter explain`` through typer's CliRunner on the demo database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from audience.engine import AudienceEngine
from audience.rules import Aggregate, Attribute, Behavior, Condition, Group, RuleTree, Window
from schema_catalog import Catalog
from ui.cli import rules_cmds

SEED = RuleTree(
    root=Group(
        rules=[
            Attribute(field="customers.loyalty_tier", op="eq", value="vip"),
            Behavior(
                event="orders",
                filters=[Condition(field="channel", op="eq", value="store")],
                window=Window(type="last", amount=6, unit="month"),
                aggregate=Aggregate(func="count", op="gte", value=2),
            ),
        ]
    )
)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    cli = typer.Typer()
    rules_cmds.register(cli)
    return cli


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(SEED.model_dump(mode="json")))
    return path


@pytest.fixture(scope="module")
def expected_count(demo_db: Path, catalog: Catalog) -> int:
    with AudienceEngine(demo_db, catalog) as engine:
        return engine.count(SEED).count


def _run(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_count_json(app: typer.Typer, rules_file: Path, demo_db: Path, expected_count: int) -> None:
    code, out, _ = _run(app, "count", str(rules_file), "--json", "--database", str(demo_db))
    assert code == 0
    report = json.loads(out)
    assert report["count"] == expected_count > 0
    assert report["sql"].startswith("SELECT") and '"orders"' in report["sql"]


def test_count_json_with_sample_breakdown_and_dialect(
    app: typer.Typer, rules_file: Path, demo_db: Path, expected_count: int
) -> None:
    code, out, _ = _run(
        app,
        "count", str(rules_file), "--json", "--database", str(demo_db),
        "--sample", "3", "--breakdown", "customers.country", "--dialect", "snowflake",
    )  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert len(report["sample"]["rows"]) == 3
    assert all("***" in row["email"] for row in report["sample"]["rows"] if row["email"])
    assert sum(row["count"] for row in report["breakdown"]["rows"]) == expected_count
    assert report["dialect"] == "snowflake" and report["dialect_sql"].startswith("SELECT")


def test_count_text_output(app: typer.Typer, rules_file: Path, demo_db: Path) -> None:
    code, out, _ = _run(app, "count", str(rules_file), "--database", str(demo_db), "--sample", "2")
    assert code == 0
    assert out.startswith("Count: ") and "SQL (duckdb)" in out and "Sample (2 profiles" in out


def test_missing_rules_file(app: typer.Typer, tmp_path: Path, demo_db: Path) -> None:
    code, out, _ = _run(
        app, "count", str(tmp_path / "nope.json"), "--json", "--database", str(demo_db)
    )
    assert code == 2
    assert "does not exist" in json.loads(out)["error"]["message"]


def test_bad_json(app: typer.Typer, tmp_path: Path, demo_db: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    code, _, err = _run(app, "count", str(path), "--database", str(demo_db))
    assert code == 2 and "not valid JSON" in err


def test_not_a_rule_tree(app: typer.Typer, tmp_path: Path, demo_db: Path) -> None:
    path = tmp_path / "shape.json"
    path.write_text(
        json.dumps({"schema_version": 1, "root": {"kind": "group", "rules": [{"kind": "bogus"}]}})
    )
    code, out, _ = _run(app, "count", str(path), "--json", "--database", str(demo_db))
    assert code == 2
    issues = json.loads(out)["error"]["issues"]
    assert issues and all(issue["code"].startswith("schema_") for issue in issues)


def test_invalid_tree_prints_issues(app: typer.Typer, tmp_path: Path, demo_db: Path) -> None:
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.contry", op="eq", value="FR")]))
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(tree.model_dump(mode="json")))
    code, out, _ = _run(app, "count", str(path), "--json", "--database", str(demo_db))
    assert code == 2
    issues = json.loads(out)["error"]["issues"]
    assert any(issue["path"].startswith("root.rules[0]") for issue in issues)


def test_missing_database_says_what_to_do(
    app: typer.Typer, rules_file: Path, tmp_path: Path
) -> None:
    code, _, err = _run(app, "count", str(rules_file), "--database", str(tmp_path / "no.duckdb"))
    assert code == 1 and "--database" in err
    assert "perimeter demo-data" not in err  # an explicit database is not the demo


def test_unknown_dialect(app: typer.Typer, rules_file: Path, demo_db: Path) -> None:
    code, _, _ = _run(app, "count", str(rules_file), "--database", str(demo_db), "--dialect", "x")
    assert code == 2


def test_bad_breakdown_column(app: typer.Typer, rules_file: Path, demo_db: Path) -> None:
    args = ("count", str(rules_file), "--json", "--database", str(demo_db))
    code, out, _ = _run(app, *args, "--breakdown", "orders.amount")
    assert code == 1 and "orders.amount" in json.loads(out)["error"]["message"]


def test_explain_json_in_french(app: typer.Typer, rules_file: Path) -> None:
    code, out, _ = _run(app, "explain", str(rules_file), "--lang", "fr", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["valid"] is True and payload["issues"] == []
    assert [line["path"] for line in payload["lines"]] == ["root.rules[0]", "root.rules[1]"]
    assert payload["text"]


def test_explain_invalid_tree_lists_issues(app: typer.Typer, tmp_path: Path) -> None:
    tree = RuleTree(root=Group(rules=[Attribute(field="customers.contry", op="eq", value="FR")]))
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(tree.model_dump(mode="json")))
    code, out, _ = _run(app, "explain", str(path), "--json")
    assert code == 2
    payload = json.loads(out)
    assert payload["valid"] is False
    assert any(issue["path"].startswith("root.rules[0]") for issue in payload["issues"])


def test_registered_on_the_perimeter_app(rules_file: Path, demo_db: Path) -> None:
    from ui.cli.main import app as perimeter

    code, out, _ = _run(perimeter, "count", str(rules_file), "--json", "--database", str(demo_db))
    assert code == 0 and "count" in json.loads(out)


def test_explain_in_a_language_without_a_pack_is_refused(
    app: typer.Typer, rules_file: Path
) -> None:
    code, out, _ = _run(app, "explain", str(rules_file), "--lang", "xx", "--json")
    assert code == 2
    assert json.loads(out)["error"]["issues"] == []
