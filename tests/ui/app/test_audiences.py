"""Audiences page (AppTest): library, export + download, rollback, overlap."""

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
    ui_app.button(at, "Export").click().run()
    assert not at.exception
    exported = next(m for m in at.metric if m.label == "Exported contacts")
    count = int(exported.value.replace(",", ""))
    service = ui_app.workflow()
    assert service.get(audience_id).state is AudienceState.EXPORTED
    assert count == service.engine.waterfall(ui_app.seed_rules(), "email").contactable > 0
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


def test_overlap_between_two_audiences() -> None:
    service = ui_app.workflow()
    first = service.create("marketer", "Seed", ui_app.seed_rules())
    tree = ui_app.seed_rules()
    vips = tree.with_rules(tree.root.rules[:1])
    second = service.create("marketer", "All VIPs", vips)
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "marketer"), "audiences")
    at.multiselect(key="overlap_pick").select(first.audience_id).select(second.audience_id).run()
    assert not at.exception
    figures = {m.label: int(m.value.replace(",", "").rstrip("%").split(".")[0]) for m in at.metric}
    seed_count = service.engine.count(tree).count
    assert figures["In both"] == seed_count  # the seed audience is inside all VIPs
    assert figures[f"#{second.audience_id}"] == service.engine.count(vips).count
