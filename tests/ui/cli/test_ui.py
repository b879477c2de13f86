"""``perimeter ui``: prepares the database, then hands over to ``streamlit run``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.riverside import CATALOG_DIR as RIVERSIDE_CATALOG
from ui.cli import ui_cmds
from ui.cli.main import app


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(ui_cmds.subprocess, "run", fake_run)
    return calls


def test_starts_streamlit_on_the_port_with_the_existing_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Path, launches: list[list[str]]
) -> None:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.setenv("PERIMETER_DATABASE", str(demo_db))
    result = CliRunner().invoke(app, ["ui", "--port", "8642"])
    assert result.exit_code == 0, result.output
    (command,) = launches
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4] == str(ui_cmds.APP_PATH)
    assert command[command.index("--server.port") + 1] == "8642"
    assert command[command.index("--server.headless") + 1] == "true"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"


def test_generates_the_demo_database_when_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, launches: list[list[str]]
) -> None:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.delenv("PERIMETER_DATABASE", raising=False)
    made: list[Path] = []

    def fake_ensure(settings, *, progress):  # type: ignore[no-untyped-def]
        progress("customers", 0.5)
        made.append(settings.database_path)
        return settings.database_path

    monkeypatch.setattr(ui_cmds, "ensure_demo_database", fake_ensure)
    result = CliRunner().invoke(app, ["ui"])
    assert result.exit_code == 0, result.output
    assert made == [tmp_path / "data" / "demo.duckdb"]
    assert len(launches) == 1


def test_missing_configured_database_stops_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, launches: list[list[str]]
) -> None:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.setenv("PERIMETER_DATABASE", str(tmp_path / "absent.duckdb"))
    result = CliRunner().invoke(app, ["ui"])
    assert result.exit_code == 2
    assert "PERIMETER_DATABASE" in result.output
    assert launches == []


@pytest.mark.parametrize("demo_file_exists", [False, True])
def test_a_catalog_of_ones_own_never_runs_on_demo_data(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    launches: list[list[str]],
    demo_file_exists: bool,
) -> None:
    demo_file = tmp_path / "data" / "demo.duckdb"
    if demo_file_exists:  # left over from trying the demo first
        demo_file.parent.mkdir(parents=True)
        demo_file.write_bytes(b"")
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.setenv("PERIMETER_CATALOG_DIR", str(RIVERSIDE_CATALOG))
    monkeypatch.delenv("PERIMETER_DATABASE", raising=False)
    result = CliRunner().invoke(app, ["ui"])
    assert result.exit_code == 2
    assert "PERIMETER_DATABASE" in result.output and "demo" not in result.output.lower()
    assert launches == []
    assert demo_file.exists() is demo_file_exists  # nothing generated
