"""The catalog CLI: demo-data, catalog check/show/draft; clear errors and exit codes."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from schema_catalog import DEMO_CATALOG_DIR
from tests.support.climbing_db import LAST_CHECKIN
from ui.cli import catalog_cmds


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer(pretty_exceptions_enable=False)
    catalog_cmds.register(root)
    return root


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PERIMETER_DATABASE", raising=False)
    monkeypatch.delenv("PERIMETER_CATALOG_DIR", raising=False)
    return CliRunner()


@pytest.fixture
def own_db(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy: DuckDB refuses a second open of a file that another test's engine holds
    with a different configuration in the same worker process."""
    copy = tmp_path / "own.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


def test_demo_data_writes_the_database_and_reports_json(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "demo.duckdb"
    args = ["demo-data", "--customers", "300", "--seed", "3", "--out", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["row_counts"]["customers"] == 300
    assert out.exists()


def test_demo_data_defaults_to_the_workspace_database(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["demo-data", "--customers", "200"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "data" / "demo.duckdb").exists()


def test_demo_data_never_overwrites_a_configured_database(
    app: typer.Typer, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = tmp_path / "theirs.duckdb"
    theirs.write_bytes(b"their data")
    monkeypatch.setenv("PERIMETER_DATABASE", str(theirs))
    result = runner.invoke(app, ["demo-data", "--customers", "10"])
    assert result.exit_code == 2
    assert theirs.read_bytes() == b"their data"


def test_demo_data_rejects_zero_customers(app: typer.Typer, runner: CliRunner) -> None:
    assert runner.invoke(app, ["demo-data", "--customers", "0"]).exit_code == 2


def test_check_passes_on_the_demo(app: typer.Typer, runner: CliRunner, own_db: Path) -> None:
    result = runner.invoke(app, ["catalog", "check", "--database", str(own_db), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["ok"], payload["database"]) == (True, str(own_db))
    assert {i["code"] for i in payload["issues"]} == {"synonym_collision"}  # warnings only


def test_check_fails_with_exit_1_on_catalog_errors(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(DEMO_CATALOG_DIR, tmp_path / "catalog"))
    orders = folder / "tables" / "orders.yml"
    orders.write_text(orders.read_text().replace("timestamp: ordered_at", "timestamp: placed_at"))
    result = runner.invoke(app, ["catalog", "check", "--catalog", str(folder), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [(i["code"], i["path"]) for i in payload["issues"] if i["severity"] == "error"] == [
        ("unknown_timestamp_column", "tables.orders.timestamp")
    ]
    assert payload["database"] is None


def test_check_reports_drift_against_a_database(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["catalog", "check", "--database", str(tmp_path / "missing.duckdb")]
    )
    assert result.exit_code == 1
    assert "database_unavailable" in result.stdout


def test_check_on_an_unloadable_catalog_exits_2_without_traceback(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(DEMO_CATALOG_DIR, tmp_path / "catalog"))
    (folder / "catalog.yml").write_text("name: [unclosed\n")
    result = runner.invoke(app, ["catalog", "check", "--catalog", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'catalog.yml'}:" in result.stderr
    assert "Traceback" not in result.output


def test_show_json_is_the_catalog(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalog", "show", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["name"] == "maison_lumiere"
    assert len(payload["fingerprint"]) == 64
    assert "orders" in {t["name"] for t in payload["tables"]}


def test_show_renders_tables(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["catalog", "show"])
    assert result.exit_code == 0, result.output
    assert "ind_category_appetite" in result.stdout


def test_draft_writes_a_folder_that_checks_clean(
    app: typer.Typer, runner: CliRunner, own_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "draft"
    result = runner.invoke(app, ["catalog", "draft", "--database", str(own_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(
        app, ["catalog", "check", "--catalog", str(out), "--database", str(own_db), "--json"]
    )
    assert check.exit_code == 0, check.output


def test_draft_with_a_named_profile_and_its_own_check_clean(
    app: typer.Typer, runner: CliRunner, climbing_db: Path, tmp_path: Path
) -> None:
    """The trial's path: the author names the profile; the check of the untouched draft
    reports no error and no warning about the draft itself (no source refreshed 'after'
    as_of): only the gym codes' synonym collisions and the lookup left out."""
    out = tmp_path / "draft"
    args = ["catalog", "draft", "--database", str(climbing_db), "--out", str(out)]
    result = runner.invoke(app, [*args, "--profile", "climbers"])
    assert result.exit_code == 0, result.output
    assert "profile: climbers.member_no, as chosen with --profile" in result.stdout
    as_of = LAST_CHECKIN + timedelta(seconds=1)  # 'latest', shown as soon as it is drafted
    assert f"as_of: {as_of:%Y-%m-%d %H:%M:%S} UTC (latest: " in result.stdout
    check = runner.invoke(
        app, ["catalog", "check", "--catalog", str(out), "--database", str(climbing_db), "--json"]
    )
    assert check.exit_code == 0, check.output
    payload = json.loads(check.stdout)
    codes = {(i["code"], i["severity"]) for i in payload["issues"]}
    assert codes == {("synonym_collision", "warning"), ("extra_table", "info")}
    assert "latest: one second after the newest event" in payload["as_of_note"]


def test_draft_with_an_unknown_profile_exits_2(
    app: typer.Typer, runner: CliRunner, climbing_db: Path
) -> None:
    args = ["catalog", "draft", "--database", str(climbing_db), "--profile", "members"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "climbers" in result.stderr  # the hint lists the tables


def test_draft_of_a_missing_database_exits_2(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["catalog", "draft", "--database", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "Error" in result.stderr


@pytest.fixture
def vet_folder(tmp_path: Path) -> Path:
    """A copy of the clinics catalog the tutorial produces."""
    from tests.support import FIXTURES

    return Path(shutil.copytree(FIXTURES / "vet_catalog", tmp_path / "vet_catalog"))


def test_check_resolves_as_of_latest_from_the_data(
    app: typer.Typer, runner: CliRunner, vet_db: Path, vet_folder: Path
) -> None:
    args = ["catalog", "check", "--catalog", str(vet_folder), "--database", str(vet_db), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    with duckdb.connect(str(vet_db), read_only=True) as con:
        newest = con.execute('SELECT max("sent_at") FROM "reminders"').fetchall()[0][0]
    as_of = (newest + timedelta(seconds=1)).isoformat()
    assert payload["as_of"] == f"{as_of}+00:00"
    assert payload["as_of_note"].startswith(f"{as_of.replace('T', ' ')} UTC (latest: ")
    assert not [i for i in payload["issues"] if i["severity"] == "error"]


def test_check_names_an_indicator_with_a_disallowed_function(
    app: typer.Typer, runner: CliRunner, vet_db: Path, vet_folder: Path
) -> None:
    indicator = vet_folder / "indicators" / "recent_patient.yml"
    indicator.write_text(indicator.read_text().replace("TRUE AS value", "YEAR(now()) > 0 AS value"))
    args = ["catalog", "check", "--catalog", str(vet_folder), "--database", str(vet_db), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    errors = [i for i in json.loads(result.stdout)["issues"] if i["severity"] == "error"]
    assert [(i["code"], i["path"]) for i in errors] == [
        ("indicator_function_not_allowed", "indicators.recent_patient.sql")
    ]
