"""Build page: the chat and the condition builder side by side, both editing one tree; then the
answer card, the figures, and the save / submit actions."""

from __future__ import annotations

import streamlit as st

from assistant import MAX_REQUEST_CHARS
from ui.components import build_flow, build_panels, review_view
from ui.components.build_flow import BuildContext
from ui.components.builder import render_builder
from ui.components.errors import guarded
from ui.components.phrases import request_languages
from ui.components.proposal_view import render_step
from ui.resources import catalog, engine, service, settings, store
from ui.state import app_state

st.title("Build an audience")
state = app_state()
build = state.build
user = state.user
assert user is not None
with guarded("open the database"):
    ctx = BuildContext(catalog(), engine(), settings(), store(), user.name)
    build_flow.restore(build, ctx)
    revised = service().get(build.revising) if build.revising is not None else None
    if revised is not None:
        review_view.render_revision_banner(service(), revised)
    chat_column, builder_column = st.columns([3, 2], gap="large")
    with chat_column:
        steps = st.container()
        # No max_chars: a longer request gets the planner's message saying what to do.
        request = st.chat_input(
            f"Describe the {ctx.catalog.profile.people()} you want, in your own words",
            key="build_chat",
        )
        st.caption(f"Up to {MAX_REQUEST_CHARS:,} characters, in {request_languages()}.")
        if build.pending_request and not request:
            request, build.pending_request = build.pending_request, None
        if build.pending_choice and not request:
            (asked, option), build.pending_choice = build.pending_choice, None
            build_flow.choose(build, ctx, asked, option)
        if request:
            build_flow.ask(build, ctx, request)
        with steps:
            if not build.log.steps:
                st.info(
                    f"Ask for an audience in plain words ({request_languages()}), or add "
                    "conditions with the builder. You will see how it was understood, who will "
                    "receive it, and can edit it before submitting it."
                )
            last = len(build.log.steps) - 1
            for index, step in enumerate(build.log.steps):
                render_step(step, index, latest=index == last, build=build, catalog=ctx.catalog)
        undo, fresh = st.columns(2)
        if build.log.steps and undo.button("Undo the last step", key="undo_step"):
            build_flow.undo(build, ctx)
            st.rerun()
        if build.log.steps and fresh.button("New conversation", key="new_conversation"):
            build_flow.start_over(build, ctx.store, ctx.user_name)
            st.rerun()
    with builder_column:
        render_builder(build, ctx, build.working)
    tree = build.working
    if tree is not None:
        proposal = build_flow.current_proposal(build)
        locked = revised.channel if revised is not None else None
        build_panels.render_workspace(build, ctx, tree, proposal, locked_channel=locked)
