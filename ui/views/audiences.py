"""Audiences page: the library of segments and audiences; for the open one, the decision taken,
Revise (back to Build with its conversation) and Withdraw, versions, history, rollback, export,
and the overlap between two of them."""

from __future__ import annotations

import streamlit as st

from audience.rules import describe_rules
from audience.workflow import AudienceState, Permission
from ui.components import library_actions, library_view, review_view, session
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import catalog, engine, service
from ui.state import app_state

st.title("Audiences")
state = app_state()
user = state.user
assert user is not None
page = state.audiences
if page.notice:  # shown once, after the action that set it
    st.success(plain(page.notice), icon=":material/check_circle:")
    page.notice = None
with guarded("load the library"):
    workflow = service()
    audiences = workflow.list_audiences()
    if not audiences:
        st.info("No segment or audience yet: build one on the Build page and save or submit it.")
        st.stop()
    st.dataframe(library_view.library_rows(audiences), hide_index=True)
    by_id = {a.audience_id: a for a in audiences}
    ids = list(by_id)
    wanted = page.selected_id if page.selected_id in by_id else session.linked_audience()
    index = ids.index(wanted) if wanted in by_id else 0
    page.selected_id = st.selectbox(
        "Open",
        ids,
        index=index,
        key="library_pick",
        format_func=lambda i: f"#{i} {by_id[i].name} ({by_id[i].state.value})",
    )
    audience = by_id[page.selected_id]
    session.link_audience(audience.audience_id)
    versions = workflow.versions(audience.audience_id)
    st.subheader(plain(f"{audience.name} · v{audience.version} · {audience.state.value}"))
    if versions:
        st.markdown(plain(describe_rules(versions[-1].rules, catalog()).text))
    review_view.render_decisions(workflow, audience)
    library_actions.render_actions(workflow, audience, user, state)
    overview, history, export_tab, overlap_tab = st.tabs(
        ["Versions", "History", "Export", "Overlap"], key="library_tabs"
    )
    with overview:
        st.dataframe(library_view.version_rows(versions), hide_index=True)
        library_actions.render_rollback(workflow, audience, versions, user, page)
    with history:
        st.dataframe(
            library_view.history_rows(workflow.history(audience.audience_id)), hide_index=True
        )
    with export_tab:
        if audience.channel is None:
            st.caption("A segment is analysis only: submit it as an audience to export it.")
        elif audience.state not in (AudienceState.APPROVED, AudienceState.EXPORTED):
            st.caption(f"Only approved audiences can be exported; this one is {audience.state}.")
        elif not workflow.workspace.user(user.name).can(Permission.EXPORT):
            st.caption(
                "Exporting needs the 'export' permission (marketers and admins have it; a "
                "reviewer only when granted): ask an admin to grant it in the users file."
            )
        else:
            library_actions.render_export(workflow, audience, user, page)
    with overlap_tab:
        library_actions.render_overlap(workflow, engine(), by_id)
