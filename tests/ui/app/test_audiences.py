"""Audiences page (AppTest): library, the decision shown, Revise and Withdraw, export and
download on the headline number, rollback, overlap."""

from __future__ import annotations

import pytest

import tests.support.ui_app as ui_app
from audience.workflow import AudienceState

pytestmark = pytest.mark.usefixtures("workspace")


def _approved(name: str) -> int:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, name, ui_app.seed_rules())
    service.approve("reviewer", audience_id)
    return audience_id


def test_export_offers_a_download_with_every_exported_contact() -> None:
    audience_id = _approved("Export me")
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    headline = ui_app.headline(at)
    ui_app.button(at, "Export").click().run()
    assert not at.exception
    exported = next(m for m in at.metric if m.label == "Exported contacts")
    count = int(exported.value.replace(",", ""))
    service = ui_app.workflow()
    assert service.get(audience_id).state is AudienceState.EXPORTED
    assert count == headline == service.engine.waterfall(ui_app.seed_rules(), "email").contactable
    assert count > 0
    assert [b.label for b in at.download_button] == ["Download the export"]
    payload = at.session_state["perimeter"].audiences.export_bytes
    rows = [line for line in payload.decode().splitlines() if line.strip()]
    assert len(rows) - 1 == count


def test_unapproved_audience_cannot_be_exported() -> None:
    service = ui_app.workflow()
    ui_app.submitted_audience(service, "Pending", ui_app.seed_rules())
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    assert "Only approved audiences can be exported" in ui_app.texts(at)
    assert not [b for b in at.button if b.label == "Export"]


def test_a_reviewer_without_the_export_permission_is_offered_no_export() -> None:
    audience_id = _approved("Not yours to export")
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "audiences")
    assert not at.exception
    assert not [b for b in at.button if b.label == "Export"]
    assert ui_app.workflow().get(audience_id).state is AudienceState.APPROVED


def test_rollback_makes_a_new_draft_version() -> None:
    service = ui_app.workflow()
    record = service.create("marketer", "Rolled", ui_app.seed_rules(), channel="email")
    tree = ui_app.seed_rules()
    service.edit(
        "marketer",
        record.audience_id,
        tree.updated(root=tree.root.updated(op="or")),
    )
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    at.selectbox(key="rollback_version").select(1)
    ui_app.button(at, "Roll back (makes a new draft version)").click().run()
    assert not at.exception
    after = service.get(record.audience_id)
    assert after.version == 3 and after.state is AudienceState.DRAFT
    assert service.version(record.audience_id).rules == ui_app.seed_rules()
    assert any(e.action == "rollback" for e in service.history(record.audience_id))


def test_overlap_says_how_much_of_one_is_already_in_the_other() -> None:
    service = ui_app.workflow()
    first = service.create("marketer", "Seed", ui_app.seed_rules())
    tree = ui_app.seed_rules()
    vips = tree.with_rules(tree.root.rules[:1])
    second = service.create("marketer", "All VIPs", vips)
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    at.multiselect(key="overlap_pick").select(first.audience_id).select(second.audience_id).run()
    assert not at.exception
    seed, all_vips = service.engine.count(tree).count, service.engine.count(vips).count
    shown = ui_app.texts(at)
    assert f"100% of Seed ({seed:,} of {seed:,}) is already in All VIPs." in shown
    share = f"{seed / all_vips:.0%}"
    assert f"{share} of All VIPs ({seed:,} of {all_vips:,}) is already in Seed." in shown
    assert len(at.get("vega_lite_chart")) == 1


def test_a_rejected_audience_shows_the_comment_and_revises_in_build() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Rejected", ui_app.seed_rules())
    service.reject("reviewer", audience_id, comment="Add the Lyon stores only.")
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    assert "Rejected by reviewer" in ui_app.texts(at)
    assert "“Add the Lyon stores only.”" in ui_app.texts(at)
    ui_app.button(at, "Revise and resubmit").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Build an audience"]
    build = at.session_state["perimeter"].build
    assert build.revising == audience_id
    assert build.working.updated(channel=None) == service.version(audience_id).rules
    assert "Add the Lyon stores only." in ui_app.texts(at)  # the comment, on Build too
    assert "Resubmit “Rejected” as version 2" in ui_app.texts(at)
    ui_app.go(at, "build")  # AppTest runs the page it started on again unless told otherwise
    ui_app.ask(at, "only in Lyon")
    at.text_area(key="audience_reason").input("Narrowed to Lyon as asked.")
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    record = service.get(audience_id)
    assert (record.version, record.state) == (2, AudienceState.PENDING_REVIEW)
    assert len(service.list_audiences()) == 1  # the same audience, its next version
    history = ui_app.texts(ui_app.sign_in(ui_app.start(), "reviewer"))
    assert "Compared with the previous version, v1." in history
    assert "only in Lyon" in history  # the request as built for v2, not v1's stale line


def test_the_requester_withdraws_a_pending_request() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Pending", ui_app.seed_rules())
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    ui_app.button(at, "Withdraw from review").click().run()
    assert not at.exception
    assert service.get(audience_id).state is AudienceState.DRAFT
    reviewer = ui_app.go(ui_app.sign_in(ui_app.start(), "reviewer"), "audiences")
    assert not [
        b for b in reviewer.button if b.label in ("Withdraw from review", "Revise in Build")
    ]
