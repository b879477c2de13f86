"""Review page (AppTest): the queue, flags with figures, the diff, approve / reject inline, and
the four-eyes rule seen from the UI."""

from __future__ import annotations

import pytest

import tests.support.ui_app as ui_app
from audience.errors import FourEyesError
from audience.rules import Group, RuleTree
from audience.workflow import AudienceState

pytestmark = pytest.mark.usefixtures("workspace")


def _decide(at, label: str, comment: str):  # type: ignore[no-untyped-def]
    at.text_area(key="review_comment").input(comment)
    return ui_app.button(at, label).click().run()


def test_reviewer_approves_with_a_comment() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "VIP store buyers", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    assert [t.value for t in at.title] == ["Review"]
    assert "VIP store buyers" in at.dataframe[0].value.to_string()
    assert "loyalty tier is 'vip'" in ui_app.texts(at)
    _decide(at, "Approve", "Looks right")
    assert not at.exception
    record = service.get(audience_id)
    assert record.state is AudienceState.APPROVED
    approvals = [e for e in service.history(audience_id) if e.action == "approve"]
    assert approvals[0].actor == "reviewer"
    assert approvals[0].details["comment"] == "Looks right"


def test_reviewer_rejects_with_a_comment() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "To reject", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    _decide(at, "Reject", "Wrong tier")
    record = service.get(audience_id)
    assert record.state is AudienceState.REJECTED
    assert record.review_comment == "Wrong tier"


def test_own_request_is_shown_but_cannot_be_approved() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Mine", ui_app.seed_rules(), owner="admin")
    at = ui_app.go(ui_app.sign_in(ui_app.start(), "admin"), "review")
    assert "Mine" in at.dataframe[0].value.to_string()
    assert "your own request" in ui_app.texts(at)
    assert ui_app.button(at, "Approve").disabled
    assert ui_app.button(at, "Reject").disabled
    # Behind the disabled button, the store refuses too (four-eyes is in its update statement).
    with pytest.raises(FourEyesError):
        service.approve("admin", audience_id)
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW


def test_flagged_request_shows_its_figures_and_reason() -> None:
    service = ui_app.workflow()
    everyone = RuleTree(root=Group())
    ui_app.submitted_audience(service, "Everyone", everyone)
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    shown = ui_app.texts(at)
    assert "share_of_base" in shown
    assert "figure" in shown and "threshold" in shown
    assert "test reason" in shown


def test_diff_against_the_previous_approved_version() -> None:
    service = ui_app.workflow()
    tree = ui_app.seed_rules()
    audience_id = ui_app.submitted_audience(service, "Diffed", tree)
    service.approve("reviewer", audience_id)
    wider = tree.remove_rule(0)
    service.edit("marketer", audience_id, wider)
    service.submit("marketer", audience_id, reason="wider spring audience")
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    assert not at.exception
    shown = ui_app.texts(at)
    assert "Compared with approved version 1" in shown
    assert "− loyalty tier is 'vip'" in shown
    entering = next(m for m in at.metric if m.label == "Members entering")
    assert int(entering.value.replace(",", "")) > 0
    assert len(at.dataframe) >= 2  # the queue plus masked examples of who enters
