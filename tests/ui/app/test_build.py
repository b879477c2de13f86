"""Build page (AppTest): request → answer card → refine → submit, on one channel and one number;
clarifications, errors, the conversation kept across sessions, undo, French answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import tests.support.ui_app as ui_app
from assistant import MAX_REQUEST_CHARS, PlanningError, version_chat
from assistant.contract import Clarification, ClarificationOption, Refusal
from audience.rules import Attribute, Group, Op, RuleTree, field_label
from audience.workflow import AudienceState, FlagCode
from languages import available_languages, language_name
from schema_catalog import Issue, Severity, load_catalog
from ui.components import analysis_view
from ui.components.phrases import answer_phrases

TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
"""Two months after the demo data's as_of: the data is stale against it."""

pytestmark = pytest.mark.usefixtures("workspace")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer card judges freshness against this day, not the machine's clock."""
    monkeypatch.setattr("ui.components.answer_card.now", lambda: TODAY)


def _marketer():  # type: ignore[no-untyped-def]
    return ui_app.sign_in(ui_app.start(), "marketer")


def _build(at):  # type: ignore[no-untyped-def]
    return at.session_state["perimeter"].build


def test_seed_request_then_refinement_then_submit_with_one_number() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    assert not at.exception
    service = ui_app.workflow()
    first = service.engine.waterfall(ui_app.seed_rules(), "email")
    assert ui_app.headline(at) == first.contactable > 0
    assert _build(at).log.last_count == first.matched
    assert f"of {first.matched:,} matching · by Email" in ui_app.texts(at)
    seed = _build(at).working
    ui_app.ask(at, "over the last 12 months instead")
    refinement = _build(at).log.steps[-1]
    assert (refinement.rules_before, refinement.count_before) == (seed, first.matched)
    assert f"{first.matched:,} → {refinement.count_after:,} matching" in ui_app.texts(at)
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    (pending,) = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert pending.requested_by == "marketer" and pending.channel == "email"
    assert pending.assessment is not None
    assert pending.assessment.count == ui_app.headline(at)  # flags judged the headline number
    recorded = version_chat(service.store, pending.audience_id, 1)
    assert recorded is not None
    assert [h.text for h in recorded[1].history()] == [
        ui_app.SEED_REQUEST,
        "over the last 12 months instead",
    ]


def test_the_one_channel_choice_drives_headline_waterfall_and_submission() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    at.selectbox(key="build_channel").select("sms").run()
    analysis = _build(at).analysis
    sms = ui_app.workflow().engine.waterfall(_build(at).working, "sms")
    assert analysis.waterfall.channel == "sms"
    assert ui_app.headline(at) == sms.contactable
    assert analysis.breakdowns == {}  # counted when their tab opens, not before
    ui_app.expand(at, "build_breakdowns")
    assert "consents.sms_optin" in _build(at).analysis.breakdowns
    consent = field_label(ui_app.workflow().catalog, "consents.sms_optin")
    assert f"**{consent}**" in ui_app.texts(at)  # its chart's title, the field's label
    assert f"By SMS (chosen above) · will receive {sms.contactable:,} people." in ui_app.texts(at)
    assert not [s for s in at.selectbox if s.key == "audience_channel"]  # no second selector
    ui_app.button(at, "Submit for review").click().run()
    (pending,) = ui_app.workflow().list_audiences(state=AudienceState.PENDING_REVIEW)
    assert pending.channel == "sms"
    assert pending.assessment is not None and pending.assessment.count == sms.contactable


def test_clarification_options_apply_their_tree_and_show_their_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vip = RuleTree(root=Group(rules=(Attribute(field="customers.loyalty_tier", op=Op.EQ,
                                               value="vip"),)))  # fmt: skip
    options = (
        ClarificationOption(label="VIP tier", rules=vip),
        ClarificationOption(label="Opened an email", request="customers who opened an email"),
    )
    planner = ui_app.ScriptedPlanner(
        Clarification(question="Which 'best'?", term="best", options=options)
    )
    ui_app.use_planner(monkeypatch, planner)
    at = ui_app.ask(_marketer(), "best customers")
    labels = [b.label for b in at.button if b.key.startswith("clarify_")]
    vips = ui_app.workflow().engine.count(vip).count  # the pipeline counts each option itself
    assert labels == [f"VIP tier — {vips:,} people", "Opened an email"]
    ui_app.button(at, labels[0]).click().run()
    assert not at.exception
    assert planner.requests == ["best customers"]  # the option's tree, not its text re-planned
    assert _build(at).working == vip
    assert _build(at).log.steps[-1].kind == "choice"


def test_a_rival_reading_is_asked_with_counted_audiences_and_the_pick_continues() -> None:
    """The offline planner's question between two readings of one word: each option a tree
    with its count; the picked tree is what the next follow-up refines."""
    at = ui_app.ask(_marketer(), "mobile customers living in Nice")
    assert not at.exception
    buttons = [b for b in at.button if b.key.startswith("clarify_")]
    assert len(buttons) == 2 and all(" people" in b.label for b in buttons)
    buttons[1].click().run()
    assert not at.exception
    picked = _build(at).working
    assert picked is not None and "web_sessions" in picked.model_dump_json()
    ui_app.ask(at, "only the VIP ones")
    assert not at.exception
    refined = _build(at).working
    assert refined is not None and "web_sessions" in refined.model_dump_json()
    vip = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip")
    assert vip in refined.root.rules


def test_planner_error_shows_the_message_and_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    planner = ui_app.ScriptedPlanner(PlanningError("The model kept naming 'customers.tier'."))
    ui_app.use_planner(monkeypatch, planner)
    at = ui_app.ask(_marketer(), "tier people")
    assert not at.exception
    assert "customers.tier" in ui_app.readable(at.error[0].value)
    assert "Rephrase" in at.error[0].value
    assert _build(at).working is None


def test_a_long_request_is_refused_with_the_limit() -> None:
    at = ui_app.ask(_marketer(), "VIP customers " * 200)
    assert not at.exception
    assert f"{MAX_REQUEST_CHARS:,}" in at.error[0].value
    assert _build(at).working is None


def test_refusal_is_shown_without_a_count(monkeypatch: pytest.MonkeyPatch) -> None:
    planner = ui_app.ScriptedPlanner(Refusal(reason="Exports are not something I do."))
    ui_app.use_planner(monkeypatch, planner)
    at = ui_app.ask(_marketer(), "export everyone now")
    assert "Exports are not something I do." in ui_app.readable(at.warning[0].value)
    assert not at.metric


def test_no_chat_bubble_is_empty() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    ui_app.ask(at, "only in Lyon")
    bubbles = list(at.chat_message)
    assert len(bubbles) == 4
    assert all(len(bubble.children) > 0 for bubble in bubbles)


def test_the_answer_card_warns_before_the_count_and_dates_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    churn = RuleTree.model_validate(
        {"root": {"kind": "group", "rules": [
            {"kind": "indicator", "indicator": "churn_risk", "op": "eq", "value": "high"},
            {"kind": "behavior", "event": "web_sessions",
             "window": {"type": "last", "amount": 90, "unit": "day"}},
        ]}}
    )  # fmt: skip
    warning = Issue(code="vague_word", severity=Severity.WARNING, path="root", message="Vague.")
    proposal = ui_app.proposal(churn).model_copy(
        update={"assumptions": ("lately = in the last 90 days",), "issues": (warning, warning)}
    )
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(proposal))
    at = ui_app.ask(_marketer(), "churners who visited the site lately")
    assert not at.exception
    warnings = [ui_app.readable(w.value) for w in at.warning]
    assert warnings[:2] == ["Assumed: lately = in the last 90 days", "Vague."]  # merged, first
    card = ui_app.texts(at)
    assert "web sessions: in the last 90 days (2026-07-03 → 2026-09-30)" in card
    assert any(w.startswith("The data stops on 2026-10-01, 60 days before today") for w in warnings)
    assert any(w.startswith("Churn risk: snapshot computed 2026-09-28, 63 days") for w in warnings)
    order = [
        "notice" if "Assumed" in str(getattr(e, "value", "")) else "headline"
        for e in ui_app.in_order(at.main)
        if "Assumed" in str(getattr(e, "value", "")) or getattr(e, "label", "") == "Will receive"
    ]
    assert order == ["notice", "headline"]  # the assumption is read before the count


def test_a_french_request_gets_a_french_answer() -> None:
    at = ui_app.ask(_marketer(), "clients VIP qui ont acheté en magasin au moins deux fois")
    assert not at.exception
    assert _build(at).language == "fr"
    assert [m.label for m in at.metric] == ["Recevront"]
    shown = ui_app.texts(at)
    assert "Clients — toutes les conditions" in shown
    assert f"correspondants · par {load_catalog().channel_label('email', 'fr')}" in shown
    assert "Périodes" in shown


def test_the_conversation_survives_a_new_session() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    headline = ui_app.headline(at)
    again = _marketer()  # a refresh: a new browser session, the same user
    assert [s.text for s in _build(again).log.steps] == [ui_app.SEED_REQUEST]
    assert ui_app.headline(again) == headline
    other = ui_app.sign_in(ui_app.start(), "admin")
    assert not _build(other).log.steps  # each user has their own


def test_undo_takes_the_last_step_out_of_chat_tree_and_history() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    seed = _build(at).working
    ui_app.ask(at, "only in Lyon")
    assert _build(at).working != seed
    ui_app.button(at, "Undo the last step").click().run()
    assert _build(at).working == seed
    assert [h.text for h in _build(at).log.history()] == [ui_app.SEED_REQUEST]
    assert len(_marketer().session_state["perimeter"].build.log.steps) == 1  # saved too


def test_flagged_audience_needs_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    proposal = ui_app.proposal(ui_app.seed_rules()).model_copy(update={"expected_size": 5})
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(proposal))
    at = ui_app.ask(_marketer(), "VIP regulars, about 5 people")
    flags = [ui_app.readable(w.value) for w in at.warning]
    assert any(w.startswith(FlagCode.FAR_FROM_EXPECTED.value) for w in flags)
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception
    assert any("reason" in e.value for e in at.error)
    service = ui_app.workflow()
    assert not service.list_audiences(state=AudienceState.PENDING_REVIEW)
    at.text_area(key="audience_reason").input("The estimate was a guess; this size is right.")
    ui_app.button(at, "Submit for review").click().run()
    (pending,) = service.list_audiences(state=AudienceState.PENDING_REVIEW)
    assert pending.request_reason == "The estimate was a guess; this size is right."
    assert pending.expected_size == 5
    assert len(service.list_audiences()) == 1  # the retry did not create a second audience


def test_save_as_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(ui_app.seed_rules())))
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    at.text_input(key="segment_name").input("VIP regulars")
    ui_app.button(at, "Save as segment").click().run()
    assert not at.exception
    saved = ui_app.workflow().get_by_name("VIP regulars")
    assert saved.channel is None and saved.state is AudienceState.DRAFT


def test_a_segment_and_an_audience_saved_from_one_answer_get_different_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(ui_app.seed_rules())))
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    ui_app.button(at, "Save as segment").click().run()
    ui_app.button(at, "Submit for review").click().run()
    assert not at.exception and not at.error
    kinds = sorted(a.channel is None for a in ui_app.workflow().list_audiences())
    assert kinds == [False, True]  # the audience and the segment, both saved


def test_dialect_and_breakdown() -> None:
    at = ui_app.ask(_marketer(), "customers at high risk of churn")
    assert not at.code  # the SQL is folded away: its content does not run
    ui_app.expand(at, "build_sql")
    at.selectbox(key="build_dialect").select("bigquery").run()
    assert [c.language for c in at.code] == ["sql", "sql"]
    assert "`" in at.code[1].value  # BigQuery quotes identifiers with backticks
    ui_app.expand(at, "build_breakdowns")
    at.selectbox(key="build_breakdown").select("customers.gender").run()
    assert "customers.gender" in _build(at).analysis.breakdowns
    assert not at.exception


def test_the_first_answer_draws_no_grid_and_no_chart_until_asked() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    waterfall = ui_app.workflow().engine.waterfall(ui_app.seed_rules(), "email")
    rows = analysis_view.waterfall_rows(waterfall)
    assert [(step, people) for step, people, _ in rows] == [
        (label, f"{step.count:,}")
        for label, step in zip(
            ["1. matched", "2. consented", "3. not suppressed", "4. will receive"],
            waterfall.steps,
            strict=True,
        )
    ]
    assert len(rows[0][2]) == analysis_view.BAR_WIDTH >= len(rows[-1][2]) > 0
    shown = ui_app.texts(at)
    assert f"| 4. will receive | {waterfall.contactable:,} |" in shown  # the waterfall's table
    assert "| condition | count without it | people it removes |" in shown
    assert not at.dataframe and not at.get("vega_lite_chart") and not at.code
    ui_app.expand(at, "build_sample")
    (sample,) = at.dataframe
    assert len(sample.value) == len(_build(at).analysis.sample.rows) > 0
    ui_app.expand(at, "build_breakdowns")
    assert len(at.get("vega_lite_chart")) == len(_build(at).analysis.breakdowns) == 3


def test_the_chat_names_every_language_a_request_may_be_written_in() -> None:
    at = _marketer()
    names = [language_name(code) for code in available_languages()]
    assert {"English", "Français", "Deutsch"} <= set(names)
    (caption,) = [c.value for c in at.caption if c.value.startswith("Up to ")]
    (hint,) = [i.value for i in at.info if i.value.startswith("Ask for an audience")]
    assert all(name in caption and name in hint for name in names)


def test_a_german_request_gets_a_german_answer() -> None:
    at = ui_app.ask(_marketer(), "VIP-Kunden, die mindestens zweimal im Geschäft gekauft haben")
    assert not at.exception
    assert _build(at).language == "de"
    assert [m.label for m in at.metric] == [answer_phrases("de").will_receive]
    assert "Kunden — alle Bedingungen" in ui_app.texts(at)


def test_the_coverage_map_is_drawn_when_opened() -> None:
    at = ui_app.ask(_marketer(), ui_app.SEED_REQUEST)
    assert "Coverage map" not in ui_app.texts(at)
    ui_app.expand(at, "build_coverage")
    shown = ui_app.texts(at)
    assert "Coverage map" in shown
    proposal = _build(at).log.steps[-1].outcome
    assert proposal.coverage  # the offline planner maps each phrase
    assert all(f"“{item.phrase}” →" in shown for item in proposal.coverage)
