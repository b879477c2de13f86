"""``perimeter ui``: prepares the database, then hands over to ``streamlit run``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.riverside import CATALOG_DIR as RIVERSIDE_CATALOG
from ui.cli import ui_cmds
from ui.cli.main import app

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_serve(command: list[str]) -> int:
        calls.append(command)
        return 0

    monkeypatch.setattr(ui_cmds, "serve", fake_serve)
    return calls


def test_starts_streamlit_on_the_port_with_the_existing_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Path, launches: list[list[str]]
) -> None:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.setenv("PERIMETER_DATABASE", str(demo_db))
    result = CliRunner().invoke(app, ["ui", "--port", "8642"])
    assert result.exit_code == 0, result.output
    (command,) = launches
    assert command[1:5] == ["-P", "-m", "streamlit", "run"]  # -P: the cwd never shadows ui/
    assert command[5] == str(ui_cmds.APP_PATH)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
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


def test_address_is_only_widened_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Path, launches: list[list[str]]
) -> None:
    monkeypatch.setenv("PERIMETER_HOME", str(tmp_path))
    monkeypatch.setenv("PERIMETER_DATABASE", str(demo_db))
    assert CliRunner().invoke(app, ["ui", "--address", "0.0.0.0"]).exit_code == 0
    (command,) = launches
    assert command[command.index("--server.address") + 1] == "0.0.0.0"


def test_no_deploy_button_no_developer_menu_and_a_calm_primary_colour() -> None:
    command = ui_cmds.streamlit_command(8600, headless=True)
    options = dict(zip(command[6::2], command[7::2], strict=True))
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # The command line and the config file (read when streamlit starts from the repo) agree.
    assert options["--client.toolbarMode"] == config["client"]["toolbarMode"] == "minimal"
    assert options["--theme.primaryColor"] == config["theme"]["primaryColor"]
    red, green, blue = (int(ui_cmds.PRIMARY_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red and blue > green  # Approve (the primary button) is not danger red


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_sigterm_stops_the_streamlit_server_too(tmp_path: Path, demo_db: Path) -> None:
    """Run from a folder with its own ``ui`` package: it must not shadow the app's."""
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "__init__.py").write_text("raise SystemExit('shadowed')\n")
    port = _free_port()
    env = {**os.environ, "PERIMETER_HOME": str(tmp_path / "home"),
           "PERIMETER_DATABASE": str(demo_db)}  # fmt: skip
    command = [str(Path(sys.executable).parent / "perimeter"), "ui", "--port", str(port)]
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not _answers(port) and time.monotonic() < deadline:
            assert server.poll() is None, "perimeter ui exited early"
            time.sleep(0.25)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            assert r.read().strip() == b"ok"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) is not None
        deadline = time.monotonic() + 20
        while _answers(port) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not _answers(port), "the Streamlit server outlived perimeter ui"
    finally:
        if server.poll() is None:
            server.kill()
