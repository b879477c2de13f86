"""Build page: the chat and the condition builder side by side, both editing one tree; then the
answer card, the figures, and the save / submit actions."""

from __future__ import annotations

import streamlit as st

from assistant import MAX_REQUEST_CHARS, language_of
from audience.rules import people_label
from ui.components import build_flow, build_panels, review_view
from ui.components.app_words import number, use_language, words
from ui.components.build_flow import BuildContext
from ui.components.builder import render_builder
from ui.components.errors import guarded
from ui.components.phrases import request_languages
from ui.components.proposal_view import render_step
from ui.resources import catalog, engine, service, settings, store
from ui.state import app_state

CHAT_KEY = "build_chat"

state = app_state()
build = state.build
user = state.user
assert user is not None
build_flow.restore(build, store(), user.name)
ctx: BuildContext | None = None
with guarded(words().actions.database):
    ctx = BuildContext(catalog(), engine(), settings(), store(), user.name)
    # Plan first, then draw: the request just sent (read before its widget is drawn) may change
    # the page's language, and everything below is drawn once, in that language.
    sent = st.session_state.get(CHAT_KEY)
    build_flow.answer(build, ctx, sent if isinstance(sent, str) else None)
said = use_language(build.language if build.log.steps else None)
st.title(said.chat.title)
if ctx is not None:
    with guarded(said.actions.database):
        revised = service().get(build.revising) if build.revising is not None else None
        if revised is not None:
            review_view.render_revision_banner(service(), revised)
        chat_column, builder_column = st.columns([3, 2], gap="large")
        with chat_column:
            steps = st.container()
            # No max_chars: a longer request gets the planner's message saying what to do.
            people = people_label(ctx.catalog, language_of(state.language))
            st.chat_input(said.chat.placeholder.format(people=people), key=CHAT_KEY)
            languages = request_languages(said.chat.or_word)
            st.caption(said.chat.limit.format(limit=number(MAX_REQUEST_CHARS), languages=languages))
            with steps:
                if not build.log.steps:
                    st.info(said.chat.start.format(languages=languages))
                last = len(build.log.steps) - 1
                for index, step in enumerate(build.log.steps):
                    render_step(step, index, latest=index == last, build=build, catalog=ctx.catalog)
            undo, fresh = st.columns(2)
            if build.log.steps and undo.button(said.chat.undo, key="undo_step"):
                build_flow.undo(build, ctx)
                st.rerun()
            if build.log.steps and fresh.button(
                words().chat.new_conversation, key="new_conversation"
            ):
                build_flow.start_over(build, ctx.store, ctx.user_name)
                st.rerun()
        with builder_column:
            render_builder(build, ctx, build.working)
        tree = build.working
        if tree is not None:
            proposal = build_flow.current_proposal(build)
            locked = revised.channel if revised is not None else None
            build_panels.render_workspace(build, ctx, tree, proposal, locked_channel=locked)
