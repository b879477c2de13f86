"""Sign-in, Catalog and Evals pages (AppTest), and the error path (message, never a trace)."""

from __future__ import annotations

import json
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


def test_evals_page_shows_the_latest_report(workspace: Path) -> None:
    reports = workspace / "reports"
    reports.mkdir(parents=True)
    figures = {"cases": 10, "execution_accuracy": 0.9, "outcome_accuracy": 1.0}
    report = {
        **figures,
        "categories": {"negation": {**figures, "cases": 4, "execution_accuracy": 0.75}},
        "meta": {"planner": "offline", "model": None, "finished_at": "2026-10-01T00:00:00Z"},
        "failures": [
            {
                "case_id": "neg-003",
                "category": "negation",
                "conversation": ["not VIPs"],
                "expected_outcome": "proposal",
                "got_outcome": "proposal",
                "expected_count": 10,
                "got_count": 12,
                "expected_text": "a",
                "got_text": "b",
            }
        ],
    }
    (reports / "latest.json").write_text(json.dumps(report))
    (reports / "eval-offline-20261001T000000Z.json").write_text(json.dumps(report))
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "evals")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["execution accuracy"] == "90.0%"
    assert "negation" in set(at.dataframe[0].value["category"])
    assert "offline" in set(at.dataframe[1].value["planner"])
    assert [e.label for e in at.expander] == ["neg-003 · negation"]


def test_missing_database_shows_what_to_do_not_a_trace(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workspace: Path
) -> None:
    monkeypatch.setenv("PERIMETER_DATABASE", str(tmp_path / "nowhere.duckdb"))
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "catalog")
    assert not at.exception
    error = ui_app.readable(at.error[0].value)
    assert "nowhere.duckdb" in error and "PERIMETER_DATABASE" in error
    assert "perimeter demo-data" not in error  # not the demo: no demo advice


def test_evals_page_shows_domains_and_classes(workspace: Path) -> None:
    reports = workspace / "reports"
    reports.mkdir(parents=True)
    classes = {"correct": 8, "asked": 1, "flagged_wrong": 0, "silent_wrong": 1, "unsafe": 0}
    figures = {"cases": 10, "execution_accuracy": 0.8, "classes": classes,
               "silent_wrong_rate": 0.1, "reliability_score": -0.2}  # fmt: skip
    report = {
        **figures,
        "categories": {"negation": figures},
        "domains": {"grocery": {**figures, "datasets": {"dev": figures}}},
        "meta": {"planner": "offline"},
        "failures": [],
    }
    (reports / "latest.json").write_text(json.dumps(report))
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "evals")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["silent wrong rate"] == "10.0%" and metrics["reliability score"] == "-0.20"
    domains = at.dataframe[0].value
    assert list(domains["dataset"]) == ["dev", "all"]
    assert list(domains["silent_wrong"]) == [1, 1]
