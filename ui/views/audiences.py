"""Audiences page: the library of segments and audiences; for the open one, the decision taken,
Revise (back to Build with its conversation) and Withdraw, versions, history, rollback, export,
and the overlap between two of them. The page speaks the language of the open audience's
request (unless the user picked one)."""

from __future__ import annotations

import streamlit as st

from assistant import language_of
from audience.rules import describe_rules
from audience.workflow import AudienceState, Permission
from ui.components import audience_page, library_actions, library_view, review_view
from ui.components.app_words import words
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import catalog, engine, service
from ui.state import app_state

PICK_KEY = "library_pick"

state = app_state()
user = state.user
assert user is not None
page = state.audiences
with guarded(words().actions.library):
    workflow = service()
    audiences = workflow.list_audiences()
    by_id = {a.audience_id: a for a in audiences}
    said, opened = audience_page.open_page(
        workflow, audiences, page, PICK_KEY, lambda said: said.pages.audiences
    )
    if not audiences:
        st.info(said.library.empty)
    elif opened is not None:
        lang = language_of(state.language)
        rows = library_view.library_rows(audiences, said, catalog(), lang)
        st.dataframe(rows, hide_index=True)
        audience = audience_page.pick(audiences, opened, page, PICK_KEY, said.library.open)
        versions = workflow.versions(audience.audience_id)
        state_word = said.states.of(audience.state)
        st.subheader(plain(f"{audience.name} · v{audience.version} · {state_word}"))
        if versions:
            st.markdown(plain(describe_rules(versions[-1].rules, catalog(), lang=lang).text))
        review_view.render_decisions(workflow, audience)
        library_actions.render_actions(workflow, audience, user, state)
        overview, history, export_tab, overlap_tab = st.tabs(
            [said.library.versions, said.library.history, said.library.export,
             said.library.overlap],
            key="library_tabs",
        )  # fmt: skip
        with overview:
            st.dataframe(library_view.version_rows(versions, said.library), hide_index=True)
            library_actions.render_rollback(workflow, audience, versions, user, page)
        with history:
            entries = workflow.history(audience.audience_id)
            st.dataframe(library_view.history_rows(entries, said.library), hide_index=True)
        with export_tab:
            if audience.channel is None:
                st.caption(said.library.segment_only)
            elif audience.state not in (AudienceState.APPROVED, AudienceState.EXPORTED):
                st.caption(said.library.not_approved.format(state=state_word))
            elif not workflow.workspace.user(user.name).can(Permission.EXPORT):
                st.caption(said.library.no_permission)
            else:
                library_actions.render_export(workflow, audience, user, page)
        with overlap_tab:
            library_actions.render_overlap(workflow, engine(), by_id)
