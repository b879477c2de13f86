"""Two browser sessions at once see only their own conversation and data."""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.support.ui_app as ui_app
from assistant import Conversation, Proposal
from audience.rules import Attribute, Group, Op, RuleTree
from schema_catalog import Catalog

LYON = RuleTree(root=Group(rules=[Attribute(field="customers.city", op=Op.EQ, value="Lyon")]))


class ByRequest:
    """Answers each request with its own tree, whichever session asks."""

    name = "by-request"

    def plan(self, request: str, conversation: Conversation, catalog: Catalog) -> Proposal:
        rules = ui_app.seed_rules() if "VIP" in request else LYON
        return ui_app.proposal(rules, explanation=f"Understood: {request}")


@pytest.fixture(autouse=True)
def by_request_planner(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every session of the app plans with ``ByRequest`` in the shared workspace."""
    monkeypatch.setattr("ui.components.build_flow.make_planner", lambda settings: ByRequest())


def test_two_sessions_keep_their_own_conversation_and_data() -> None:
    first = ui_app.sign_in(ui_app.start(), "marketer")
    second = ui_app.sign_in(ui_app.start(), "admin")
    ui_app.ask(first, ui_app.SEED_REQUEST)
    ui_app.ask(second, "customers in Lyon")
    ui_app.ask(first, "VIP again")  # interleaved: the first session goes on after the second
    first_state, second_state = (at.session_state["perimeter"] for at in (first, second))
    assert first_state is not second_state
    assert [t.text for t in first_state.build.log.conversation.turns if t.role == "user"] == [
        ui_app.SEED_REQUEST,
        "VIP again",
    ]
    assert [t.text for t in second_state.build.log.conversation.turns if t.role == "user"] == [
        "customers in Lyon"
    ]
    assert first_state.user.name == "marketer" and second_state.user.name == "admin"
    assert second_state.build.working == LYON
    first_page, second_page = ui_app.texts(first), ui_app.texts(second)
    assert "customers in Lyon" not in first_page and "Lyon" in second_page
    assert ui_app.SEED_REQUEST not in second_page
    engine = ui_app.workflow().engine
    assert ui_app.headline(first) == engine.waterfall(ui_app.seed_rules(), "email").contactable
    assert ui_app.headline(second) == engine.waterfall(LYON, "email").contactable


def test_signing_out_forgets_the_session() -> None:
    at = ui_app.sign_in(ui_app.start(), "marketer")
    ui_app.ask(at, ui_app.SEED_REQUEST)
    ui_app.button(at, "Sign out").click().run()
    state = at.session_state["perimeter"]
    assert state.user is None and not state.build.log.steps
    assert [t.value for t in at.title] == ["Perimeter"]
