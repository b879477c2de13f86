"""Build page (AppTest): request → proposal → refine → edit → submit; clarifications; errors."""

from __future__ import annotations

import pytest

import tests.support.ui_app as ui_app
from assistant import PlanningError
from assistant.contract import Clarification, ClarificationOption, Refusal
from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceState

pytestmark = pytest.mark.usefixtures("workspace")


def _marketer():  # type: ignore[no-untyped-def]
    return ui_app.sign_in(ui_app.start(), "marketer")


def _count(at) -> int:  # type: ignore[no-untyped-def]
    metric = next(m for m in at.metric if m.label == "Audience size")
    return int(metric.value.replace(",", ""))


def _build(at):  # type: ignore[no-untyped-def]
    return at.session_state["perimeter"].build


def test_seed_request_then_refinement_then_submit() -> None:
    at = _marketer()
    assert [t.value for t in at.title] == ["Build an audience"]
    ui_app.ask(at, ui_app.SEED_REQUEST)
    assert not at.exception
    service = ui_app.workflow()
    first = _count(at)
    assert first == service.engine.count(ui_app.seed_rules()).count > 0
    ui_app.ask(at, "over the last 12 months instead")
    assert not at.exception
    build = _build(at)
    refinement = build.exchanges[-1]
    assert refinement.rules_before is not None
    assert refinement.count_before == first
    assert refinement.count_after == _count(at) >= first
    assert "What changed" in ui_app.texts(at)
    assert f"{first:,} → {refinement.count_after:,} people" in ui_app.texts(at)
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    pending = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert [a.requested_by for a in pending] == ["marketer"]
    assert service.version(pending[0].audience_id).rules.root == build.working.root


def test_clarification_options_are_buttons_that_plan_their_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    options = (
        ClarificationOption(
            label="Bought in 12 months", request="customers who bought in 12 months"
        ),
        ClarificationOption(label="Opened an email", request="customers who opened an email"),
    )
    planner = ui_app.ScriptedPlanner(
        Clarification(question="Which 'active'?", term="active", options=options),
        ui_app.proposal(ui_app.seed_rules()),
    )
    ui_app.use_planner(monkeypatch, planner)
    at = _marketer()
    ui_app.ask(at, "active customers")
    assert [b.label for b in at.button if b.key.startswith("clarify_")] == [
        "Bought in 12 months",
        "Opened an email",
    ]
    ui_app.button(at, "Opened an email").click().run()
    assert not at.exception
    assert planner.requests == ["active customers", "customers who opened an email"]
    assert _count(at) > 0


def test_planner_error_shows_the_message_and_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    planner = ui_app.ScriptedPlanner(PlanningError("The model kept naming 'customers.tier'."))
    ui_app.use_planner(monkeypatch, planner)
    at = _marketer()
    ui_app.ask(at, "tier people")
    assert not at.exception
    assert "customers.tier" in at.error[0].value
    assert "Rephrase" in at.error[0].value
    assert _build(at).working is None


def test_refusal_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    planner = ui_app.ScriptedPlanner(Refusal(reason="Exports are not something I do."))
    ui_app.use_planner(monkeypatch, planner)
    at = ui_app.ask(_marketer(), "export everyone now")
    assert "Exports are not something I do." in ui_app.readable(at.warning[0].value)
    assert not at.metric


def test_remove_change_and_add_conditions_each_recount(monkeypatch: pytest.MonkeyPatch) -> None:
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(ui_app.seed_rules())))
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    engine = ui_app.workflow().engine
    tree = _build(at).working
    tag = tree.fingerprint()[:8]
    at.number_input(key=f"value_1_{tag}").set_value(1)
    at.button(key=f"FormSubmitter:edit_1_{tag}-Apply").click().run()
    edited = _build(at).working
    assert edited.root.rules[1].aggregate.value == 1
    assert _count(at) == engine.count(edited).count >= engine.count(tree).count
    tag = edited.fingerprint()[:8]
    at.button(key=f"remove_0_{tag}").click().run()
    removed = _build(at).working
    assert len(removed.root.rules) == 1
    assert _count(at) == engine.count(removed).count
    at.selectbox(key="add_field").select("customers.country").run()
    at.selectbox(key="add_op_customers.country").select(Op.EQ).run()
    tag = removed.fingerprint()[:8]
    at.selectbox(key=f"add_value_{tag}").select("FR")
    at.button(key=f"FormSubmitter:add_{tag}-Add condition").click().run()
    added = _build(at).working
    assert added.root.rules[-1] == Attribute(field="customers.country", op=Op.EQ, value="FR")
    assert _count(at) == engine.count(added).count
    assert [e.kind for e in _build(at).exchanges] == ["request", "edit", "edit", "edit"]


def test_flagged_audience_needs_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    tiers = ["standard", "silver", "gold", "vip"]
    everyone = RuleTree(
        root=Group(rules=[Attribute(field="customers.loyalty_tier", op=Op.IN, value=tiers)])
    )
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(everyone)))
    at = ui_app.ask(_marketer(), "all customers")
    assert any("share_of_base" in w.value for w in at.warning)
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    assert any("reason" in e.value for e in at.error)
    service = ui_app.workflow()
    assert not service.list_audiences(state=AudienceState.PENDING_REVIEW)
    at.text_area(key="audience_reason").input("Seasonal newsletter to the whole base.")
    ui_app.button(at, "Submit for review").click().run()
    pending = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert [a.request_reason for a in pending] == ["Seasonal newsletter to the whole base."]


def test_save_as_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(ui_app.seed_rules())))
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    at.text_input(key="segment_name").input("VIP regulars")
    ui_app.button(at, "Save as segment").click().run()
    assert not at.exception
    saved = ui_app.workflow().get_by_name("VIP regulars")
    assert saved.channel is None and saved.state is AudienceState.DRAFT


def test_indicators_freshness_language_dialect_breakdown_and_channel() -> None:
    at = ui_app.ask(_marketer(), "customers at high risk of churn")
    assert not at.exception
    shown = ui_app.texts(at)
    assert "Churn risk: snapshot computed 2026-09-28 03:00 UTC" in shown
    at.selectbox(key="build_dialect").select("bigquery").run()
    assert [c.language for c in at.code] == ["sql", "sql"]
    assert "`" in at.code[1].value  # BigQuery quotes identifiers with backticks
    at.radio(key="build_language").set_value("fr").run()
    assert "Clients — toutes les conditions" in ui_app.texts(at)
    at.selectbox(key="build_breakdown").select("customers.gender").run()
    assert "customers.gender" in at.session_state["perimeter"].build.analysis.breakdowns
    at.selectbox(key="build_channel").select("sms").run()
    analysis = at.session_state["perimeter"].build.analysis
    assert analysis.waterfall.channel == "sms"
    assert "consents.sms_optin" in analysis.breakdowns
    assert not at.exception
