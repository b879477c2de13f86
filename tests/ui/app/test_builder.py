"""The condition builder (AppTest): add a 'has done' condition, change a unit, exclude, edit,
remove — with the count shown before Apply, and the chat and the builder on one tree."""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.support.ui_app as ui_app
from audience.rules import (
    Aggregate,
    Behavior,
    Condition,
    Op,
    TimeUnit,
    Window,
    WindowKind,
)

LIVE = "Matching with this change"


@pytest.fixture(autouse=True)
def seeded_planner(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared workspace, and a planner that answers the seed tree."""
    ui_app.use_planner(monkeypatch, ui_app.ScriptedPlanner(ui_app.proposal(ui_app.seed_rules())))


def _build(at):  # type: ignore[no-untyped-def]
    return at.session_state["perimeter"].build


def _key(at, name: str) -> str:  # type: ignore[no-untyped-def]
    return f"b{_build(at).builder.nonce}_{name}"


def _live(at) -> int:  # type: ignore[no-untyped-def]
    (metric,) = [m for m in at.metric if m.label == LIVE]
    return int(str(metric.value).replace(",", ""))


def _seeded():  # type: ignore[no-untyped-def]
    return ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), ui_app.SEED_REQUEST)


def test_add_a_has_done_condition_with_a_filter_and_a_unit_counted_before_apply() -> None:
    at = _seeded()
    engine = ui_app.workflow().engine
    before = _build(at).working
    at.button(key="add_activity").click().run()
    at.selectbox(key=_key(at, "event")).select("orders").run()
    at.selectbox(key=_key(at, "count_op")).select(Op.LTE).run()
    at.number_input(key=_key(at, "times")).set_value(3).run()
    at.number_input(key=_key(at, "amount")).set_value(2).run()
    at.selectbox(key=_key(at, "unit")).select(TimeUnit.WEEK).run()
    at.multiselect(key=_key(at, "orders_channel")).select("web").run()
    expected = Behavior(
        event="orders",
        filters=(Condition(field="channel", op=Op.EQ, value="web"),),
        window=Window(type=WindowKind.LAST, amount=2, unit=TimeUnit.WEEK),
        aggregate=Aggregate(op=Op.LTE, value=3),
    )
    preview = before.add_rule(expected)
    assert _live(at) == engine.count(preview).count  # the count before Apply
    assert _build(at).working == before  # nothing applied yet
    at.button(key="builder_apply").click().run()
    assert not at.exception
    assert _build(at).working == preview
    step = _build(at).log.steps[-1]
    assert (step.kind, step.count_after) == ("edit", engine.count(preview).count)
    assert ui_app.headline(at) == engine.waterfall(preview, "email").contactable


def test_change_a_unit_of_an_existing_window() -> None:
    at = _seeded()
    at.button(key="edit_1").click().run()
    assert at.number_input(key=_key(at, "amount")).value == 6
    at.selectbox(key=_key(at, "unit")).select(TimeUnit.YEAR).run()
    edited = _build(at).working.root.rules[1]
    expected = edited.updated(window=Window(type=WindowKind.LAST, amount=6, unit=TimeUnit.YEAR))
    engine = ui_app.workflow().engine
    assert _live(at) == engine.count(_build(at).working.replace_rule(1, expected)).count
    at.button(key="builder_apply").click().run()
    assert _build(at).working.root.rules[1] == expected


def test_exclude_then_include_a_condition_recounts() -> None:
    at = _seeded()
    engine = ui_app.workflow().engine
    at.button(key="flip_0").click().run()
    excluded = _build(at).working
    assert excluded.root.rules[0].negate is True
    assert _build(at).log.last_count == engine.count(excluded).count
    assert ui_app.headline(at) == engine.waterfall(excluded, "email").contactable
    at.button(key="flip_0").click().run()
    assert _build(at).working.root.rules[0].negate is False


def test_an_excluded_condition_can_be_made_in_the_editor() -> None:
    at = _seeded()
    at.button(key="add_property").click().run()
    at.selectbox(key=_key(at, "field")).select("customers.country").run()
    at.radio(key=_key(at, "exclude")).set_value("do not match").run()
    at.button(key="builder_apply").click().run()
    added = _build(at).working.root.rules[-1]
    assert (added.field, added.negate) == ("customers.country", True)


def test_properties_are_labelled_and_personal_data_is_never_offered() -> None:
    at = _seeded()
    at.button(key="add_property").click().run()
    options = at.selectbox(key=_key(at, "field")).options
    assert "loyalty tier" in options and "country" in options
    assert not {"email", "phone", "first name", "last name", "birth date"} & set(options)
    assert not any("ind " in option for option in options)  # indicators come as indicators
    at.selectbox(key=_key(at, "field")).select("customers.country").run()
    operators = at.selectbox(key=_key(at, "op")).options
    assert "is one of" in operators and "in" not in operators


def test_remove_and_cancel() -> None:
    at = _seeded()
    at.button(key="add_indicator").click().run()
    at.button(key="builder_cancel").click().run()
    assert _build(at).builder.draft is None
    at.button(key="remove_0").click().run()
    assert len(_build(at).working.root.rules) == 1
    assert _build(at).log.steps[-1].kind == "edit"


def test_chat_refines_what_the_builder_made() -> None:
    at = _seeded()
    at.button(key="flip_0").click().run()
    excluded = _build(at).working
    assert _build(at).log.conversation.last_rules == excluded  # the planner sees the edit
