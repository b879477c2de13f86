"""The CLI on the other engines: ``perimeter demo-data --target`` writes PostgreSQL and Parquet
row for row, and ``perimeter count`` runs where ``PERIMETER_DATABASE`` points."""

from __future__ import annotations

import json
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
