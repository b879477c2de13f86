"""The Build page's two actions: save as a segment (analysis) or submit an audience for review.

The submission takes the channel chosen above (one choice for the whole page) and judges the
size on who that channel will reach: the same number as the headline. A conversation that
revises an audience resubmits it as its next version.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant import Proposal, save_audience, save_chat
from audience.errors import ReasonRequiredError
from audience.rules import RuleTree
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    SizeAssessment,
)
from ui.components.build_flow import BuildContext
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import service
from ui.state import BuildState, TreeAnalysis


def default_name(build: BuildState, kind: str) -> str:
    """A name from the first request, the kind and the time, so two saves rarely collide (a
    segment and an audience saved from the same answer get different names).

    ``kind``: "segment" or "audience", as the user reads it.
    """
    first = next((s.text for s in build.log.steps if s.kind == "request"), "Audience")
    short = first if len(first) <= 48 else f"{first[:47]}…"
    return f"{short} ({kind}, {datetime.now(UTC):%Y-%m-%d %H:%M:%S})"


def flag_lines(assessment: SizeAssessment) -> list[str]:
    """One line per tripped size flag, with its figure and threshold."""
    return [
        f"{flag.code.value}: {flag.message} (figure {flag.value:,.2f}, threshold "
        f"{flag.threshold:,.2f})"
        for flag in assessment.flags
    ]


def render_actions(
    build: BuildState, ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis
) -> None:
    """'Save as segment' and 'Submit for review' (or 'Resubmit'), side by side."""
    st.divider()
    if build.notice:  # shown once, after the action that set it
        st.success(plain(build.notice), icon=":material/check_circle:")
        build.notice = None
    workflow = service()
    revising = workflow.get(build.revising) if build.revising is not None else None
    segment_column, submit_column = st.columns(2, gap="large")
    with segment_column:
        _save_segment(build, ctx, tree, workflow)
    with submit_column:
        _submit(build, ctx, tree, analysis, workflow, revising)


def _save_segment(
    build: BuildState, ctx: BuildContext, tree: RuleTree, workflow: AudienceService
) -> None:
    with st.form("save_segment"):
        st.markdown("**Save as segment** (analysis only: sizes, breakdowns, overlaps)")
        name = st.text_input(
            "Segment name", value=default_name(build, "segment"), key="segment_name"
        )
        saved = st.form_submit_button("Save as segment")
    if saved:
        with guarded("save the segment"):
            analysis_tree = tree.updated(channel=None)
            request = next((s.text for s in build.log.steps if s.kind == "request"), None)
            record = workflow.create(
                ctx.user_name, name.strip(), analysis_tree, request_text=request
            )
            build.notice = f"Saved segment “{record.name}” (id {record.audience_id})."
            st.rerun()


def _submit(
    build: BuildState, ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis,
    workflow: AudienceService, revising: AudienceRecord | None,
) -> None:  # fmt: skip
    reach = analysis.waterfall.contactable
    channel = ctx.catalog.channel(analysis.channel).label
    title = _title(workflow, revising, tree.updated(channel=analysis.channel))
    with st.form("submit_audience"):
        st.markdown(f"**{title}** (a second person approves it)")
        st.caption(f"By {plain(channel)} (chosen above) · will receive {reach:,} people.")
        name = revising.name if revising else st.text_input(
            "Audience name", value=default_name(build, "audience"), key="audience_name"
        )  # fmt: skip
        expected = _expected_size(build, revising)
        for line in flag_lines(_preview(workflow, revising, reach, expected)):
            st.warning(plain(line), icon=":material/flag:")
        reason = st.text_area("Reason (required when a size flag trips)", key="audience_reason")
        submitted = st.form_submit_button("Submit for review", type="primary")
    if submitted:
        with guarded("submit the audience"):
            audience_tree = tree.updated(channel=analysis.channel)
            _do_submit(build, ctx, workflow, audience_tree, name.strip(), expected, reason)


def _title(workflow: AudienceService, revising: AudienceRecord | None, tree: RuleTree) -> str:
    if revising is None:
        return "Submit as audience for review"
    name = plain(revising.name)
    unchanged = workflow.version(revising.audience_id).fingerprint == tree.fingerprint()
    if unchanged and revising.state is AudienceState.DRAFT:
        return f"Submit “{name}” v{revising.version} for review"
    return f"Resubmit “{name}” as version {revising.version + 1}"


def _expected_size(build: BuildState, revising: AudienceRecord | None) -> int | None:
    if revising is not None:
        stated = revising.expected_size
        st.caption(f"Expected size: {stated:,}" if stated else "No expected size stated.")
        return stated
    proposal = next(
        (s.outcome for s in reversed(build.log.steps) if isinstance(s.outcome, Proposal)), None
    )
    start = proposal.expected_size if proposal and proposal.expected_size else 0
    value = st.number_input(
        "Expected size (0 = not stated)", min_value=0, value=start, step=1000,
        key="audience_expected",
    )  # fmt: skip
    return int(value) or None


def _preview(
    workflow: AudienceService, revising: AudienceRecord | None, reach: int, expected: int | None
) -> SizeAssessment:
    if revising is not None:
        return workflow.assess(revising, reach)
    return workflow.preview_size(reach, expected)


def _do_submit(
    build: BuildState, ctx: BuildContext, workflow: AudienceService, tree: RuleTree, name: str,
    expected: int | None, reason: str,
) -> None:  # fmt: skip
    record, build.log = save_audience(
        workflow, ctx.user_name, build.log, tree, name=name, expected_size=expected
    )
    save_chat(ctx.store, ctx.user_name, build.log)
    try:
        submitted = workflow.submit(ctx.user_name, record.audience_id, reason=reason or None)
    except ReasonRequiredError as error:
        st.error(f"{plain(error)} Give a reason and submit again.", icon=":material/flag:")
        return
    build.notice = (
        f"Submitted “{submitted.name}” v{submitted.version} (id {submitted.audience_id}) for "
        "review; a reviewer must approve it before it can be exported."
    )
    st.rerun()
