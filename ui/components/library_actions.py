"""The Audiences page's actions on the open audience: Revise, Withdraw, roll back, export, and
the overlap of two audiences."""

from __future__ import annotations

import streamlit as st

from assistant import revision_chat
from audience.engine import AudienceEngine
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    ExportFormat,
    VersionRecord,
    export_audience,
)
from ui.components import answer_card, build_flow, library_view
from ui.components.app_words import number, words
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import engine, settings
from ui.state import AppState, AudiencesState, SignedInUser, app_state

BUILDERS = ("marketer", "admin")
"""Roles with the Build page: they may reopen an audience there."""


def render_actions(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser, state: AppState
) -> None:
    """Revise (reopen in Build with its conversation) and Withdraw (a pending request)."""
    if audience.channel is None or user.role not in BUILDERS:
        return
    said = words()
    revise, withdraw = st.columns(2)
    rejected = audience.state is AudienceState.REJECTED
    label = said.library.revise_rejected if rejected else said.library.revise
    if revise.button(label, key="revise", icon=":material/edit:", type="primary"):
        with guarded(said.actions.reopen):
            log = revision_chat(workflow, audience.audience_id)
            build_flow.start_over(state.build, workflow.store, user.name, log)
            st.switch_page("views/build.py")
    may_withdraw = user.name == audience.requested_by or user.role == "admin"
    if audience.state is not AudienceState.PENDING_REVIEW or not may_withdraw:
        return
    if withdraw.button(said.library.withdraw, key="withdraw", icon=":material/undo:"):
        with guarded(said.actions.withdraw):
            record = workflow.withdraw(user.name, audience.audience_id)
            state.audiences.notice = said.library.withdrawn.format(name=record.name)
            st.rerun()


def render_rollback(
    workflow: AudienceService, audience: AudienceRecord, versions: list[VersionRecord],
    user: SignedInUser, page: AudiencesState,
) -> None:  # fmt: skip
    """Copy an earlier version into a new draft version."""
    earlier = [v.version for v in versions if v.version != audience.version]
    if not earlier:
        return
    said = words()
    with st.form(f"rollback_{audience.audience_id}_{audience.version}"):
        target = st.selectbox(said.library.roll_back_to, earlier, key="rollback_version")
        rolled = st.form_submit_button(said.library.roll_back)
    if rolled:
        with guarded(said.actions.roll_back):
            record = workflow.rollback(user.name, audience.audience_id, int(target))
            page.notice = said.library.rolled_back.format(name=record.name, version=record.version)
            st.rerun()


def render_export(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser,
    page: AudiencesState,
) -> None:  # fmt: skip
    """Who will receive it, then the export and its file."""
    assert audience.channel is not None
    tree = workflow.version(audience.audience_id).rules
    segments = workflow.saved_segments()
    waterfall = engine().waterfall(tree, audience.channel, segments=segments)
    said = words()
    answer_card.render_headline(waterfall, catalog=workflow.catalog, language=app_state().language)
    fmt = st.radio(
        said.library.format, list(ExportFormat), format_func=lambda f: f.value, horizontal=True,
        key="export_format",
    ) or ExportFormat.CSV  # fmt: skip
    if st.button(said.library.export_button, key="export_run", type="primary"):
        with guarded(said.actions.export), st.spinner(said.library.exporting):
            result = export_audience(
                workflow, user.name, audience.audience_id, ExportFormat(fmt),
                out_dir=settings().exports_dir,
            )  # fmt: skip
            page.export_name, page.export_bytes = result.path.name, result.path.read_bytes()
            page.export_rows, page.export_audience_id = result.row_count, audience.audience_id
            page.notice = said.library.exported.format(
                count=number(result.row_count), path=result.path
            )
            st.rerun()
    if page.export_bytes is not None and page.export_audience_id == audience.audience_id:
        st.metric(said.library.exported_contacts, number(page.export_rows or 0))
        st.download_button(
            said.library.download, page.export_bytes, file_name=page.export_name,
            key="export_download",
        )  # fmt: skip


def render_overlap(
    workflow: AudienceService, members_of: AudienceEngine, by_id: dict[int, AudienceRecord]
) -> None:
    """'x % of A is already in B', both ways, with a chart of who is where."""
    said = words()
    pair = st.multiselect(
        said.library.pair, list(by_id), max_selections=2, key="overlap_pick",
        format_func=lambda i: f"#{i} {by_id[i].name}",
    )  # fmt: skip
    if len(pair) != 2:
        return
    with guarded(said.actions.overlap), st.spinner(said.library.counting):
        segments = workflow.saved_segments()
        first, second = (
            members_of.member_ids(workflow.version(i).rules, segments=segments) for i in pair
        )
        result = library_view.overlap(first, second)
        names = [by_id[i].name for i in pair]
        language = app_state().language
        for line in library_view.overlap_sentences(result, names[0], names[1], language):
            st.markdown(plain(line))
        rows = library_view.overlap_rows(result, names[0], names[1], said.library)
        st.bar_chart(
            rows, x=said.library.who, y=said.library.people, horizontal=True, sort=False,
            height=180,
        )  # fmt: skip
