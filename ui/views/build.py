"""Build page: chat to a rule tree, read it back, edit it by hand, count it, save or submit it."""

from __future__ import annotations

import streamlit as st

from assistant import Proposal
from ui.components import build_flow, build_panels
from ui.components.errors import guarded
from ui.components.proposal_view import render_exchange
from ui.resources import catalog, engine, settings
from ui.state import app_state

st.title("Build an audience")
state = app_state()
build = state.build
with guarded("open the database"):
    current_catalog, current_engine = catalog(), engine()
    request = st.chat_input(
        f"Describe the {current_catalog.profile.people()} you want, in your own words"
    )
    if build.pending_request and not request:
        request, build.pending_request = build.pending_request, None
    if build.pending_choice and not request:
        (asked, option), build.pending_choice = build.pending_choice, None
        build_flow.choose(build, asked, option, catalog=current_catalog, engine=current_engine)
    if request:
        build_flow.ask(
            build, request, catalog=current_catalog, engine=current_engine, settings=settings()
        )
    if not build.exchanges:
        st.info(
            "Ask for an audience in plain words (English or French). You will see how it was "
            "understood, its size, who is reachable, and can edit it before submitting it."
        )
    last = len(build.exchanges) - 1
    for index, exchange in enumerate(build.exchanges):
        render_exchange(exchange, index, latest=index == last, build=build, catalog=current_catalog)
    tree = build.working
    if tree is not None:
        proposal = next(
            (e.outcome for e in reversed(build.exchanges) if isinstance(e.outcome, Proposal)), None
        )
        build_panels.render_workspace(
            build, tree, proposal, catalog=current_catalog, engine=current_engine
        )
    if build.exchanges and st.button("New conversation", key="new_conversation"):
        build.reset()
        st.rerun()
