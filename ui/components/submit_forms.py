"""The Build page's two actions: save as a segment (analysis) or submit an audience for review."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from audience.errors import ReasonRequiredError
from audience.rules import RuleTree
from audience.workflow import SizeAssessment
from schema_catalog import Catalog
from ui.components.errors import guarded
from ui.resources import service
from ui.state import BuildState, TreeAnalysis, app_state


def default_name(build: BuildState) -> str:
    """A name from the first request and the time, so two saves rarely collide."""
    first = next((e.request for e in build.exchanges if e.kind == "request"), "Audience")
    short = first if len(first) <= 48 else f"{first[:47]}…"
    return f"{short} ({datetime.now(UTC):%Y-%m-%d %H:%M:%S})"


def flag_lines(assessment: SizeAssessment) -> list[str]:
    """One line per tripped size flag, with its figure and threshold."""
    return [
        f"{flag.code.value}: {flag.message} (figure {flag.value:,.2f}, threshold "
        f"{flag.threshold:,.2f})"
        for flag in assessment.flags
    ]


def render_actions(
    build: BuildState,
    tree: RuleTree,
    analysis: TreeAnalysis,
    *,
    catalog: Catalog,
) -> None:
    """'Save as segment' and 'Submit as audience for review', side by side."""
    st.divider()
    if build.notice:  # shown once, after the action that set it
        st.success(build.notice, icon=":material/check_circle:")
        build.notice = None
    segment_column, submit_column = st.columns(2, gap="large")
    with segment_column:
        _save_segment(build, tree)
    with submit_column:
        _submit(build, tree, analysis, catalog=catalog)


def _save_segment(build: BuildState, tree: RuleTree) -> None:
    with st.form("save_segment"):
        st.markdown("**Save as segment** (analysis only: sizes, breakdowns, overlaps)")
        name = st.text_input("Segment name", value=default_name(build), key="segment_name")
        saved = st.form_submit_button("Save as segment")
    if saved:
        with guarded("save the segment"):
            user = app_state().user
            assert user is not None
            analysis_tree = tree.updated(channel=None)
            record = service().create(
                user.name, name.strip(), analysis_tree, request_text=_request_text(build)
            )
            build.notice = f"Saved segment “{record.name}” (id {record.audience_id})."
            st.rerun()


def _submit(build: BuildState, tree: RuleTree, analysis: TreeAnalysis, *, catalog: Catalog) -> None:
    preview = _preview(analysis)
    with st.form("submit_audience"):
        st.markdown("**Submit as audience for review** (a second person approves it)")
        name = st.text_input("Audience name", value=default_name(build), key="audience_name")
        channels = list(catalog.channel_names)
        channel = st.selectbox(
            "Channel", channels, index=_channel_index(build, tree, channels), key="audience_channel"
        )
        expected = st.number_input(
            "Expected size (0 = not stated)", min_value=0, step=1000, key="audience_expected"
        )
        for line in flag_lines(preview):
            st.warning(line, icon=":material/flag:")
        reason = st.text_area("Reason (required when a size flag trips)", key="audience_reason")
        submitted = st.form_submit_button("Submit for review", type="primary")
    if submitted:
        with guarded("submit the audience"):
            _do_submit(build, tree, name.strip(), channel, int(expected) or None, reason.strip())


def _preview(analysis: TreeAnalysis) -> SizeAssessment:
    return service().preview_size(analysis.count.count)


def _channel_index(build: BuildState, tree: RuleTree, channels: list[str]) -> int:
    wanted = tree.channel if tree.channel else build.channel
    return channels.index(wanted) if wanted in channels else 0


def _request_text(build: BuildState) -> str:
    return "\n".join(e.request for e in build.exchanges if e.kind == "request")


def _do_submit(
    build: BuildState, tree: RuleTree, name: str, channel: str, expected: int | None, reason: str
) -> None:
    user = app_state().user
    assert user is not None
    workflow = service()
    audience_tree = tree.updated(channel=channel)
    if build.draft_id is None or build.draft_fingerprint != audience_tree.fingerprint():
        record = workflow.create(
            user.name,
            name,
            audience_tree,
            channel=channel,
            expected_size=expected,
            request_text=_request_text(build),
        )
        build.draft_id, build.draft_fingerprint = record.audience_id, audience_tree.fingerprint()
    try:
        submitted = workflow.submit(user.name, build.draft_id, reason=reason or None)
    except ReasonRequiredError as error:
        draft = workflow.get(build.draft_id)
        assessment = workflow.assess(draft, workflow.engine.count(audience_tree).count)
        st.error(f"{error.message} Give a reason and submit again.", icon=":material/flag:")
        for line in flag_lines(assessment):
            st.warning(line, icon=":material/flag:")
        return
    build.draft_id = build.draft_fingerprint = None
    build.notice = (
        f"Submitted “{submitted.name}” (id {submitted.audience_id}) for review; "
        "a reviewer must approve it before it can be exported."
    )
    st.rerun()
