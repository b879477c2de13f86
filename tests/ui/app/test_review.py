"""Review page (AppTest): the queue on the reachable number, the request's history, flags with
figures, the diff, and the decision's friction — a rejection needs a comment, a flagged approval
needs a comment and a confirmation that restates the figures, a vote disables the button."""

from __future__ import annotations

import pytest

import tests.support.ui_app as ui_app
from assistant import ChatLog, ChatStep, save_version_chat
from audience.errors import FourEyesError
from audience.workflow import AudienceService, AudienceState, confirmation_text
from languages import format_number
from schema_catalog import GuardrailPolicy

pytestmark = pytest.mark.usefixtures("workspace")


def _comment(at, text: str):  # type: ignore[no-untyped-def]
    (area,) = [a for a in at.text_area if a.key.startswith("comment_")]
    return area.input(text)


def _confirm(at):  # type: ignore[no-untyped-def]
    (box,) = [c for c in at.checkbox if c.key.startswith("confirm_")]
    return box.check()


def _flagged(service: AudienceService, name: str = "Flagged", expected: int = 10) -> int:
    """A pending audience far from its stated size (a flag on the reachable count)."""
    record = service.create(
        "marketer", name, ui_app.seed_rules(), channel="email", expected_size=expected
    )
    service.submit("marketer", record.audience_id, reason="the estimate was rough")
    return record.audience_id


def test_queue_and_headline_show_who_will_receive_it() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "VIP store buyers", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    assert [t.value for t in at.title] == ["Review"]
    queue = at.dataframe[0].value
    reach = service.engine.waterfall(ui_app.seed_rules(), "email").contactable
    assert list(queue["will receive"]) == [format_number(reach)]  # as the page's language writes it
    assert ui_app.headline(at) == reach
    assert service.get(audience_id).assessment.count == reach  # type: ignore[union-attr]
    shown = ui_app.texts(at)
    assert "loyalty tier is 'vip'" in shown and "expected size: not stated" in shown
    assert [e.label for e in at.expander][-3:] == ["Sample (masked)", "Breakdown", "SQL"]


def test_sample_breakdown_and_sql_are_computed_when_opened() -> None:
    service = ui_app.workflow()
    ui_app.submitted_audience(service, "Lazy figures", ui_app.seed_rules(), channel="sms")
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    review = at.session_state["perimeter"].review
    assert not at.code and not at.get("vega_lite_chart")  # nothing drawn or counted yet
    assert not review.breakdowns
    ui_app.expand(at, "review_sql")
    assert any("SELECT" in code.value for code in at.code)
    ui_app.expand(at, "review_breakdowns")
    assert "consents.sms_optin" in review.breakdowns  # the request's own channel
    assert len(at.get("vega_lite_chart")) == len(review.breakdowns) == 3
    ui_app.expand(at, "review_sample")
    (sample,) = [d for d in at.dataframe if "customer_id" in d.value.columns]
    assert 0 < len(sample.value) <= 10
    assert not at.exception


def test_the_request_history_is_a_list_of_steps_without_undone_ones() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Built", ui_app.seed_rules())
    steps = [
        ChatStep(text="VIP customers", rules=ui_app.seed_rules(), count_after=12),
        ChatStep(kind="edit", text="added “store orders”", rules=ui_app.seed_rules()),
        ChatStep(text="only in Lyon", rules=ui_app.seed_rules()),
    ]
    log = ChatLog(steps=tuple(steps)).undo()  # 'only in Lyon' was undone
    save_version_chat(service.store, audience_id, 1, log)
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    shown = ui_app.texts(at)
    assert "1. VIP customers — 12 matching" in shown
    assert "2. ✎ added “store orders”" in shown
    assert "only in Lyon" not in shown


def test_reviewer_approves_an_unflagged_request() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "VIP store buyers", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    _comment(at, "Looks right")
    ui_app.button(at, "Approve").click().run()
    assert not at.exception
    assert service.get(audience_id).state is AudienceState.APPROVED
    (approval,) = [e for e in service.history(audience_id) if e.action == "approve"]
    assert (approval.actor, approval.details["comment"]) == ("reviewer", "Looks right")


def test_a_rejection_without_a_comment_is_refused() -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "To reject", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    ui_app.button(at, "Reject").click().run()
    assert not at.exception
    assert "needs a written comment" in ui_app.readable(at.error[0].value)
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW
    _comment(at, "Wrong tier")
    ui_app.button(at, "Reject").click().run()
    record = service.get(audience_id)
    assert (record.state, record.review_comment) == (AudienceState.REJECTED, "Wrong tier")


def test_a_flagged_approval_needs_a_comment_and_the_confirmation() -> None:
    service = ui_app.workflow()
    audience_id = _flagged(service)
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    reach = service.engine.waterfall(ui_app.seed_rules(), "email").contactable
    statement = confirmation_text(service.assess(service.get(audience_id), reach))
    assert statement.startswith(f"You approve {reach:,} people — ")
    assert "above the expected 10" in statement
    assert statement in [ui_app.readable(w.value) for w in at.warning]
    _confirm(at)
    ui_app.button(at, "Approve").click().run()  # confirmed, but no comment
    assert "needs a written comment" in ui_app.readable(at.error[0].value)
    _comment(at, "Seasonal: the estimate was for one store.")
    at.checkbox[0].uncheck()
    ui_app.button(at, "Approve").click().run()  # a comment, but not confirmed
    assert "I confirm these figures" in at.error[0].value
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW
    _confirm(at)
    ui_app.button(at, "Approve").click().run()
    assert not at.exception
    assert service.get(audience_id).state is AudienceState.APPROVED


def test_votes_cast_are_shown_and_disable_the_voters_button(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    two_approvers = GuardrailPolicy(max_audience_size=1, hard_ceiling=1, max_share_of_base=1.0)
    monkeypatch.setattr(AudienceService, "policy", property(lambda self: two_approvers))
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Big", ui_app.seed_rules())
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    assert "Approvals: 0 of 2 needed" in ui_app.texts(at)
    _comment(at, "Fine by me")
    _confirm(at)
    ui_app.button(at, "Approve").click().run()
    assert "Vote recorded" in ui_app.texts(at)
    assert "Approvals: 1 of 2 needed" in ui_app.texts(at)
    assert "reviewer approved on" in ui_app.texts(at)
    assert ui_app.button(at, "Approve").disabled
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW
    admin = ui_app.go(ui_app.sign_in(ui_app.start(), "admin"), "review")
    assert not ui_app.button(admin, "Approve").disabled


def test_own_request_is_shown_but_cannot_be_decided() -> None:
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
    _flagged(ui_app.workflow())
    shown = ui_app.texts(ui_app.sign_in(ui_app.start(), "reviewer"))
    assert "far_from_expected" in shown and "expected size: 10" in shown
    assert "figure" in shown and "threshold" in shown
    assert "the estimate was rough" in shown


def test_a_resubmission_after_rejection_is_diffed_against_the_rejected_version() -> None:
    service = ui_app.workflow()
    tree = ui_app.seed_rules()
    audience_id = ui_app.submitted_audience(service, "Diffed", tree)
    service.reject("reviewer", audience_id, comment="Drop the tier condition.")
    service.edit("marketer", audience_id, tree.remove_rule(0))
    service.submit("marketer", audience_id, reason="wider, as asked")
    at = ui_app.sign_in(ui_app.start(), "reviewer")
    assert not at.exception
    shown = ui_app.texts(at)
    assert "Compared with the previous version, v1." in shown
    assert "− loyalty tier is 'vip'" in shown
    entering = next(m for m in at.metric if m.label == "Members entering")
    assert int(entering.value.replace(",", "")) > 0


def test_diff_against_the_last_approved_version() -> None:
    service = ui_app.workflow()
    tree = ui_app.seed_rules()
    audience_id = ui_app.submitted_audience(service, "Approved first", tree)
    service.approve("reviewer", audience_id)
    service.edit("marketer", audience_id, tree.remove_rule(0))
    service.submit("marketer", audience_id, reason="wider spring audience")
    shown = ui_app.texts(ui_app.sign_in(ui_app.start(), "reviewer"))
    assert "Compared with the last approved version, v1." in shown
