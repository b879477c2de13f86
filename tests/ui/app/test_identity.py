"""Who the app says is signed in: the configured workspace, sessions that survive a refresh and
die at sign-out, deep links, the sign-in pause, and user text shown as text (AppTest)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import tests.support.ui_app as ui_app
from audience.workflow.workspace import hash_password

BOB = "bob-Str0ng-passphrase"


@pytest.fixture(autouse=True)
def home(workspace: Path) -> Path:
    """Every test here runs in the shared fresh workspace (``tests/conftest.py``)."""
    return workspace


def users_file(home: Path, *names: str) -> Path:
    """A real users file: bob (reviewer) and alice (marketer), plus the named demo-like users
    whose password was set to '<name>-demo'."""
    home.mkdir(parents=True, exist_ok=True)
    lines = [
        "name: acme",
        "users:",
        f"  - {{name: bob, role: reviewer, password: '{hash_password(BOB, n=16)}'}}",
        f"  - {{name: alice, role: marketer, password: '{hash_password(BOB, n=16)}'}}",
    ]
    lines += [f"  - {{name: {n}, role: admin, password: '{hash_password(f'{n}-demo', n=16)}'}}"
              for n in names]  # fmt: skip
    path = home / "users.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def signed_in(at: AppTest) -> str | None:
    user = at.session_state["perimeter"].user
    return None if user is None else user.name


@pytest.mark.parametrize("via_env", [True, False])
def test_the_sign_in_page_reads_the_configured_users_file(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, via_env: bool
) -> None:
    path = users_file(workspace, "reviewer")
    if via_env:
        moved = workspace.parent / "elsewhere.yml"
        shutil.move(path, moved)
        monkeypatch.setenv("PERIMETER_WORKSPACE_FILE", str(moved))
    at = ui_app.start()
    page = ui_app.texts(at)
    assert "-demo" not in page and "scrypt" not in page  # no password printed
    for user in ("marketer", "reviewer", "admin"):
        assert signed_in(ui_app.sign_in(ui_app.start(), user, f"{user}-demo")) is None
    assert signed_in(ui_app.sign_in(ui_app.start(), "bob", BOB)) == "bob"


def test_the_demo_workspace_shows_only_the_documented_demo_passwords() -> None:
    page = ui_app.texts(ui_app.start())
    assert "reviewer-demo" in page and "scrypt" not in page


def test_a_session_survives_a_refresh_and_dies_at_sign_out() -> None:
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    token = at.query_params["session"]
    assert token and token[0] != "reviewer"
    refreshed = AppTest.from_file(str(ui_app.APP), default_timeout=ui_app.TIMEOUT)
    refreshed.query_params["session"] = token
    assert signed_in(refreshed.run()) == "reviewer"
    ui_app.button(at, "Sign out").click().run()
    again = AppTest.from_file(str(ui_app.APP), default_timeout=ui_app.TIMEOUT)
    again.query_params["session"] = token
    assert signed_in(again.run()) is None


@pytest.mark.parametrize("forged", ["reviewer", "pmt_" + "A" * 43, ""])
def test_a_forged_session_signs_nobody_in(forged: str) -> None:
    at = AppTest.from_file(str(ui_app.APP), default_timeout=ui_app.TIMEOUT)
    at.query_params["session"] = forged
    assert signed_in(at.run()) is None


def test_a_user_removed_from_the_users_file_is_signed_out(workspace: Path) -> None:
    path = users_file(workspace)
    at = ui_app.sign_in(ui_app.start(), "bob", BOB)
    token = at.query_params["session"]
    path.write_text(path.read_text().replace("name: bob", "name: robert"))
    refreshed = AppTest.from_file(str(ui_app.APP), default_timeout=ui_app.TIMEOUT)
    refreshed.query_params["session"] = token
    assert signed_in(refreshed.run()) is None


def test_a_deep_link_opens_the_audience_on_the_review_page() -> None:
    service = ui_app.workflow()
    ids = [ui_app.submitted_audience(service, f"A{i}", ui_app.seed_rules()) for i in range(3)]
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    link = AppTest.from_file(str(ui_app.APP), default_timeout=ui_app.TIMEOUT)
    link.query_params["session"] = at.query_params["session"]
    link.query_params["audience"] = str(ids[2])
    link.run()
    link.switch_page("views/review.py").run()
    assert link.selectbox(key="review_pick").value == ids[2]
    assert link.query_params["audience"] == str(ids[2])


def test_a_locked_name_cannot_sign_in_to_the_app() -> None:
    from tests.ui.cli.test_audience import lock_out

    lock_out("admin")  # through the store the CLI shares
    locked = ui_app.sign_in(ui_app.start(), "admin", "admin-demo")
    assert signed_in(locked) is None
    assert "locked" in ui_app.texts(locked)
    assert signed_in(ui_app.sign_in(ui_app.start(), "reviewer")) == "reviewer"  # others go on


def test_markdown_in_names_and_reasons_is_shown_as_text() -> None:
    service = ui_app.workflow()
    name = "![x](http://evil.test/p.png) :green[No size flag tripped.]"
    request = "__VIPs__ [here](http://evil.test/r)"
    tree = ui_app.seed_rules()
    record = service.create("marketer", name, tree, channel="email", request_text=request)
    service.submit("marketer", record.audience_id, reason="[click](http://evil.test) **now**")
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "review")
    sources = "\n".join(str(e.value) for kind in ("markdown", "caption", "subheader", "success")
                        for e in getattr(at, kind))  # fmt: skip
    raws = ("![x](http", ":green[No size", "[click](http", "**now**", "__VIPs__", "[here](http")
    assert "VIPs" in sources  # the request is shown…
    assert [raw for raw in raws if raw in sources] == []  # …and nothing renders as Markdown
    assert name in ui_app.readable(at.subheader[0].value)  # …and still reads as typed


def test_export_reads_the_data_file_as_it_is_now(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opened the data, then the file was replaced with consent revoked: the export
    must read the new file, not the one the app first opened."""
    database = tmp_path / "customers.duckdb"
    shutil.copy(demo_db, database)
    monkeypatch.setenv("PERIMETER_DATABASE", str(database))
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "VIP", ui_app.seed_rules())
    assert service.approve("reviewer", audience_id).approved
    service.engine.close()  # only the app holds the file open now, as in production
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    replacement = tmp_path / "replacement.duckdb"
    shutil.copy(database, replacement)
    with duckdb.connect(str(replacement)) as conn:
        conn.execute("UPDATE consents SET email_optin = false")
    os.replace(replacement, database)
    ui_app.button(at, "Export").click().run()
    assert at.session_state["perimeter"].audiences.export_rows == 0
