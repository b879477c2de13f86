"""Sign-in, Catalog and Evals pages (AppTest), and the error path (message, never a trace)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.support.ui_app as ui_app


def test_wrong_password_is_refused(workspace: Path) -> None:
    at = ui_app.sign_in(ui_app.start(), "reviewer", "not-the-password")
    assert at.session_state["perimeter"].user is None
    assert "wrong password" in at.error[0].value
    assert [t.value for t in at.title] == ["Perimeter"]


@pytest.mark.parametrize(
    ("user", "first_page"),
    [("marketer", "Build an audience"), ("reviewer", "Review"), ("admin", "Build an audience")],
)
def test_each_role_lands_on_its_first_page(workspace: Path, user: str, first_page: str) -> None:
    at = ui_app.sign_in(ui_app.start(), user)
    assert not at.exception
    assert [t.value for t in at.title] == [first_page]
    assert at.session_state["perimeter"].user.role == user


def test_marketer_has_no_review_page(workspace: Path) -> None:
    at = ui_app.sign_in(ui_app.start(), "marketer")
    with pytest.raises(ValueError):
        ui_app.go(at, "review")


def test_catalog_page_lists_sources_fields_and_indicators(workspace: Path) -> None:
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "catalog")
    assert not at.exception
    frames = [frame.value for frame in at.dataframe]
    sources, indicators = frames[0], frames[1]
    assert {"crm", "pos", "web"} <= set(sources["name"])
    assert set(sources["refresh"]) >= {"daily", "hourly"}
    modes = dict(zip(indicators["name"], indicators["mode"], strict=True))
    assert modes["churn_risk"] == "snapshot" and modes["active_customer"] == "dynamic"
    at.selectbox(key="catalog_table").select("orders").run()
    fields = at.dataframe[3].value
    assert "orders.channel" in set(fields["field"])


def test_evals_page_without_a_report_says_how_to_make_one(workspace: Path) -> None:
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "evals")
    assert not at.exception
    assert "perimeter eval" in at.info[0].value


def test_evals_page_puts_development_and_held_out_side_by_side(workspace: Path) -> None:
    ui_app.write_eval_report(workspace)
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "evals")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["dev · execution accuracy"] == "94.7%"
    assert metrics["heldout · execution accuracy"] == "70.0%"
    assert metrics["heldout · silent-wrong"] == "—"  # a missing figure, never 'None'
    assert metrics["dev · RS(10)"] == "+0.95"
    assert "83.0%" not in metrics.values()
    left, right = (frame.value for frame in at.dataframe[:2])
    assert list(left["silent-wrong"]) == ["0"] and list(right["silent-wrong"]) == ["2"]
    assert list(right.columns) == [
        "category", "cases", "exec", "correct", "asked", "asked: offered", "asked: missed",
        "flagged-wrong", "silent-wrong", "unsafe",
    ]  # fmt: skip
    assert (list(right["asked: offered"]), list(right["asked: missed"])) == (["0"], ["1"])
    assert list(left["asked: missed"]) == ["—"]  # a report from before the split
    assert list(at.dataframe[2].value["execution accuracy"]) == ["83.0%"]
    shown = ui_app.texts(at)
    assert "Development (dev)" in shown and "Held-out (heldout_test)" in shown
    assert "None" not in shown and "Got (proposal, — people)" in shown
    assert [e.label for e in at.expander] == ["neg\\-003 · heldout\\_test · —"]


def test_missing_database_shows_what_to_do_not_a_trace(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workspace: Path
) -> None:
    monkeypatch.setenv("PERIMETER_DATABASE", str(tmp_path / "nowhere.duckdb"))
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "catalog")
    assert not at.exception
    error = ui_app.readable(at.error[0].value)
    assert "nowhere.duckdb" in error and "PERIMETER_DATABASE" in error
    assert "perimeter demo-data" not in error  # not the demo: no demo advice
