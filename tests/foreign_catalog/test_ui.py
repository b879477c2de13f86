"""The app on the foreign catalog (AppTest): text keys, a fourth channel, an adults-only floor.

The marketer (ines) builds and submits a WhatsApp audience from the chat; the reviewer (tom)
approves it from the queue; nothing on the way needs the demo's catalog, keys, channels or
accounts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tests.support.ui_app as ui_app
from audience.workflow import AudienceState
from tests.support.riverside import CATALOG_DIR, code, write_riverside_users


@pytest.fixture(autouse=True)
def riverside_workspace(
    monkeypatch: pytest.MonkeyPatch, workspace: Path, riverside_db: Path
) -> None:
    monkeypatch.setenv("PERIMETER_DATABASE", str(riverside_db))
    monkeypatch.setenv("PERIMETER_CATALOG_DIR", str(CATALOG_DIR))
    users = write_riverside_users(workspace.parent / "users.yml")
    monkeypatch.setenv("PERIMETER_WORKSPACE_FILE", str(users))


def test_build_submit_and_approve_on_whatsapp() -> None:
    at = ui_app.sign_in(ui_app.start(), "ines", "ines-pw")
    assert not at.exception
    ui_app.ask(at, "patrons in York for a whatsapp campaign")
    assert not at.exception
    assert at.selectbox(key="build_channel").value == "whatsapp"  # the request named it
    # Two York patrons match (8 and 24); 8's SMS block also blocks WhatsApp: one will receive it.
    assert ui_app.headline(at) == 1
    assert "of 2 matching · by WhatsApp" in ui_app.texts(at)
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    service = ui_app.workflow()
    pending = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert [(a.requested_by, a.channel) for a in pending] == [("ines", "whatsapp")]
    review = ui_app.sign_in(ui_app.start(), "tom", "tom-pw")
    (comment,) = [t for t in review.text_area if t.label.startswith("Comment")]
    comment.input("Two York patrons, fine")
    ui_app.button(review, "Approve").click().run()
    assert not review.exception
    record = service.get(pending[0].audience_id)
    assert record.state is AudienceState.APPROVED
    approval = service.approval(record.approval_id or 0)
    assert service.approved_members(approval.approval_id) == [code(8), code(24)]


def _answer(request: str) -> str:
    """Everything the Build page shows in answer to ``request``, asked by ines."""
    at = ui_app.ask(ui_app.sign_in(ui_app.start(), "ines", "ines-pw"), request)
    assert not at.exception
    return ui_app.texts(at)


def test_the_perimeter_names_the_members_by_the_catalog_label() -> None:
    shown = _answer("patrons in York for a whatsapp campaign")
    assert "Members — all of: " in shown
    assert "Customers" not in shown


def test_a_french_request_names_them_by_the_catalog_french_label(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    catalog_dir = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    catalog_file = catalog_dir / "catalog.yml"
    text = catalog_file.read_text(encoding="utf-8")
    labelled = text.replace("  label: member\n", "  label: member\n  labels: {fr: adhérent}\n", 1)
    assert labelled != text
    catalog_file.write_text(labelled, encoding="utf-8")
    monkeypatch.setenv("PERIMETER_CATALOG_DIR", str(catalog_dir))
    shown = _answer("membres à York pour une campagne whatsapp")
    assert "Adhérents — toutes les conditions: " in shown
    assert "Members —" not in shown and "Clients —" not in shown
