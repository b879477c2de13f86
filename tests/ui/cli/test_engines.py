"""The CLI on the other engines: ``perimeter demo-data --target`` writes PostgreSQL and Parquet
row for row, and ``perimeter count`` runs where ``PERIMETER_DATABASE`` points."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from audience.engine import AudienceEngine
from audience.rules import Attribute, Group, RuleTree
from schema_catalog import Catalog
from ui.cli import catalog_cmds, rules_cmds

TREE = RuleTree(root=Group(rules=[Attribute(field="customers.loyalty_tier", op="eq", value="vip")]))


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    cli = typer.Typer()
    rules_cmds.register(cli)
    catalog_cmds.register(cli)
    return cli


def _rows(connection: Any, table: str, columns: str) -> list[tuple[Any, ...]]:
    return sorted(map(tuple, connection.execute(f'SELECT {columns} FROM "{table}"').fetchall()),
                  key=repr)  # fmt: skip


def test_demo_data_to_postgres_and_parquet_row_for_row(
    app: typer.Typer, pg_cluster: Any, catalog: Catalog, tmp_path: Path
) -> None:
    import psycopg

    from tests.support.servers import create_database

    url = create_database(pg_cluster, "cli_demo")
    lake = tmp_path / "lake"
    runner = CliRunner()
    for target in (url, f"parquet:{lake}"):
        args = ["demo-data", "--customers", "800", "--seed", "5", "--target", target, "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["row_counts"]["customers"] == 800
    reference = tmp_path / "reference.duckdb"
    result = runner.invoke(app, ["demo-data", "--customers", "800", "--seed", "5", "--out",
                                 str(reference), "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(reference), read_only=True) as duck, psycopg.connect(url) as pg:
        for table in catalog.tables:
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            expected = _rows(duck, table.name, columns)
            parquet = duck.execute(f"SELECT {columns} FROM read_parquet('{lake}/{table.name}/*')")
            assert _rows(pg, table.name, columns) == expected, table.name
            assert sorted(map(tuple, parquet.fetchall()), key=repr) == expected, table.name


def test_count_on_postgres_from_the_environment(
    app: typer.Typer, pg_demo: str, demo_db: Path, catalog: Catalog, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(TREE.model_dump(mode="json")))
    with AudienceEngine(demo_db, catalog) as engine:
        expected = engine.count(TREE).count
    monkeypatch.setenv("PERIMETER_DATABASE", pg_demo)
    result = CliRunner().invoke(app, ["count", str(rules), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["count"] == expected
    assert report["sql"].startswith("SELECT")


def test_settings_read_every_kind_of_database_target(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import load_settings

    for target, server in (
        ("postgresql://reader@/crm?host=/run/postgresql", True),
        ("spark:local[2]?parquet=/data/lake", True),
        ("/data/crm.duckdb", False),
    ):
        monkeypatch.setenv("PERIMETER_DATABASE", target)
        settings = load_settings()
        assert settings.database_is_server is server
        assert settings.database_target == target
        assert (settings.database_path == Path(target)) is not server


def test_catalog_check_and_draft_take_a_postgres_url(
    app: typer.Typer, pg_demo: str, demo_db: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    copy = Path(shutil.copyfile(demo_db, tmp_path / "demo.duckdb"))
    on_duckdb = runner.invoke(app, ["catalog", "check", "--database", str(copy), "--json"])
    checked = runner.invoke(app, ["catalog", "check", "--database", pg_demo, "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert (report["ok"], report["database"]) == (True, pg_demo)
    assert report["issues"] == json.loads(on_duckdb.stdout)["issues"]  # catalog notes, no drift
    out = tmp_path / "drafted"
    drafted = runner.invoke(app, ["catalog", "draft", "--database", pg_demo, "--out", str(out)])
    assert drafted.exit_code == 0, drafted.output
    again = runner.invoke(app, ["catalog", "check", "--catalog", str(out), "--database", pg_demo,
                                "--json"])  # fmt: skip
    assert json.loads(again.stdout)["ok"] is True, again.output


@pytest.mark.slow
@pytest.mark.xdist_group("spark")
def test_catalog_check_reads_the_configured_spark_target(
    app: typer.Typer, spark_demo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERIMETER_DATABASE", spark_demo)
    checked = CliRunner().invoke(app, ["catalog", "check", "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert (report["ok"], report["database"]) == (True, spark_demo)
    assert not {"missing_table", "missing_column", "type_mismatch", "value_not_allowed"} & {
        issue["code"] for issue in report["issues"]
    }


def test_catalog_check_reports_an_unreachable_server(app: typer.Typer, tmp_path: Path) -> None:
    target = f"postgresql://reader:secret@/crm?host={tmp_path}&port=1"
    checked = CliRunner().invoke(app, ["catalog", "check", "--database", target, "--json"])
    assert checked.exit_code == 1
    report = json.loads(checked.stdout)
    assert "database_unreadable" in {issue["code"] for issue in report["issues"]}
    assert "secret" not in checked.stdout
