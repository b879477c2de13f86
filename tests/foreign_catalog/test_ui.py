"""The app on the foreign catalog (AppTest): text keys, a fourth channel, an adults-only floor.

The marketer builds and submits a WhatsApp audience from the chat; the reviewer approves it from
the queue; nothing on the way needs the demo's catalog, keys or channels. (The sign-in page reads
the workspace's own users once issue 16's identity work lands; until then this runs in the demo
workspace, whose accounts are the only ones the page knows.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.support.ui_app as ui_app
from audience.workflow import AudienceState
from tests.support.riverside import CATALOG_DIR, code


@pytest.fixture(autouse=True)
def riverside_workspace(
    monkeypatch: pytest.MonkeyPatch, workspace: Path, riverside_db: Path
) -> None:
    monkeypatch.setenv("PERIMETER_DATABASE", str(riverside_db))
    monkeypatch.setenv("PERIMETER_CATALOG_DIR", str(CATALOG_DIR))


def test_build_submit_and_approve_on_whatsapp() -> None:
    at = ui_app.sign_in(ui_app.start(), "marketer")
    assert not at.exception
    ui_app.ask(at, "patrons in York for a whatsapp campaign")
    assert not at.exception
    size = next(m for m in at.metric if m.label == "Audience size")
    assert int(str(size.value).replace(",", "")) == 2
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    service = ui_app.workflow()
    pending = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert [(a.requested_by, a.channel) for a in pending] == [("marketer", "whatsapp")]
    review = ui_app.sign_in(ui_app.start(), "reviewer")
    review.text_area(key="review_comment").input("Two York patrons, fine")
    ui_app.button(review, "Approve").click().run()
    assert not review.exception
    record = service.get(pending[0].audience_id)
    assert record.state is AudienceState.APPROVED
    approval = service.approval(record.approval_id or 0)
    assert service.approved_members(approval.approval_id) == [code(8), code(24)]
