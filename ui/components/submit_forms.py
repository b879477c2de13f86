"""The Build page's two actions: save as a segment (analysis) or submit an audience for review.

The submission takes the channel chosen above (one choice for the whole page) and judges the
size on who that channel will reach: the same number as the headline. A conversation that
revises an audience resubmits it as its next version.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant import Proposal, language_of, save_audience, save_chat
from audience.errors import ReasonRequiredError
from audience.rules import RuleTree
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    SizeAssessment,
    figure,
    flag_text,
)
from ui.components.app_words import app_words, number, words
from ui.components.build_flow import BuildContext
from ui.components.errors import error_text, guarded
from ui.components.text import plain
from ui.resources import service
from ui.state import BuildState, TreeAnalysis, app_state


def default_name(build: BuildState, kind: str, untitled: str = "Audience") -> str:
    """A name from the first request, the kind and the time, so two saves rarely collide (a
    segment and an audience saved from the same answer get different names).

    ``kind``: "segment" or "audience", as the user reads it; ``untitled`` without a request.
    """
    first = next((s.text for s in build.log.steps if s.kind == "request"), untitled)
    short = first if len(first) <= 48 else f"{first[:47]}…"
    return f"{short} ({kind}, {datetime.now(UTC):%Y-%m-%d %H:%M:%S})"


def flag_lines(assessment: SizeAssessment, language: str = "en") -> list[str]:
    """One line per tripped size flag, in ``language``: its figure restated, then the figure
    and the threshold it crossed."""
    said = app_words(language).submit
    lang = language_of(language)
    return [
        said.flag_line.format(
            code=flag.code.value,
            message=flag_text(flag, assessment, lang),
            value=figure(flag.value, lang, 2),
            threshold=figure(flag.threshold, lang, 2),
        )
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
    said = words()
    with st.form("save_segment"):
        st.markdown(f"**{plain(said.submit.segment_title)}** {plain(said.submit.segment_note)}")
        start = default_name(build, said.submit.segment_kind, said.submit.untitled)
        name = st.text_input(said.submit.segment_name, value=start, key="segment_name")
        saved = st.form_submit_button(said.submit.save_segment)
    if saved:
        with guarded(said.actions.save_segment):
            analysis_tree = tree.updated(channel=None)
            request = next((s.text for s in build.log.steps if s.kind == "request"), None)
            record = workflow.create(
                ctx.user_name, name.strip(), analysis_tree, request_text=request
            )
            notice = said.submit.saved_segment.format(name=record.name, id=record.audience_id)
            build.notice = notice
            st.rerun()


def _submit(
    build: BuildState, ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis,
    workflow: AudienceService, revising: AudienceRecord | None,
) -> None:  # fmt: skip
    said = words()
    reach = analysis.waterfall.contactable
    channel = ctx.catalog.channel_label(analysis.channel, language_of(app_state().language))
    title = _title(workflow, revising, tree.updated(channel=analysis.channel))
    with st.form("submit_audience"):
        st.markdown(f"**{plain(title)}** {plain(said.submit.second_person)}")
        st.caption(plain(said.submit.by_channel.format(channel=channel, count=number(reach))))
        start = default_name(build, said.submit.audience_kind, said.submit.untitled)
        name = revising.name if revising else st.text_input(
            said.submit.audience_name, value=start, key="audience_name"
        )  # fmt: skip
        expected = _expected_size(build, revising)
        preview = _preview(workflow, revising, reach, expected)
        for line in flag_lines(preview, app_state().language):
            st.warning(plain(line), icon=":material/flag:")
        reason = st.text_area(said.submit.reason, key="audience_reason")
        submitted = st.form_submit_button(said.submit.submit, type="primary")
    if submitted:
        with guarded(said.actions.submit):
            audience_tree = tree.updated(channel=analysis.channel)
            _do_submit(build, ctx, workflow, audience_tree, name.strip(), expected, reason)


def _title(workflow: AudienceService, revising: AudienceRecord | None, tree: RuleTree) -> str:
    said = words().submit
    if revising is None:
        return said.submit_title
    name = revising.name
    unchanged = workflow.version(revising.audience_id).fingerprint == tree.fingerprint()
    if unchanged and revising.state is AudienceState.DRAFT:
        return said.submit_version.format(name=name, version=revising.version)
    return said.resubmit.format(name=name, version=revising.version + 1)


def _expected_size(build: BuildState, revising: AudienceRecord | None) -> int | None:
    said = words().submit
    if revising is not None:
        stated = revising.expected_size
        st.caption(said.expected.format(count=number(stated)) if stated else said.no_expected)
        return stated
    proposal = next(
        (s.outcome for s in reversed(build.log.steps) if isinstance(s.outcome, Proposal)), None
    )
    start = proposal.expected_size if proposal and proposal.expected_size else 0
    value = st.number_input(
        said.expected_input, min_value=0, value=start, step=1000, key="audience_expected"
    )
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
        again = words().submit.give_reason
        st.error(f"{plain(error_text(error))} {plain(again)}", icon=":material/flag:")
        return
    build.notice = words().submit.submitted.format(
        name=submitted.name, version=submitted.version, id=submitted.audience_id
    )
    st.rerun()
