"""The Build page's audience panels: the one channel choice, the answer card, the waterfall,
each condition's weight, the sample, breakdowns and SQL, then the save / submit actions."""

from __future__ import annotations

import streamlit as st

from assistant import Proposal, language_of
from audience.compile import compile_rules, render_sql
from audience.rules import RuleTree, describe_rules, field_label
from schema_catalog import Catalog, ColumnType, TableKind
from ui.components import analysis_view, answer_card, build_flow, submit_forms
from ui.components.app_words import words
from ui.components.build_flow import BuildContext
from ui.components.errors import guarded
from ui.components.proposal_view import render_coverage
from ui.components.text import plain
from ui.state import BuildState, TreeAnalysis, app_state

DIALECTS = ("snowflake", "bigquery", "postgres", "spark")
CHANNEL_KEY = "build_channel"


def render_workspace(
    build: BuildState,
    ctx: BuildContext,
    tree: RuleTree,
    proposal: Proposal | None,
    *,
    locked_channel: str | None = None,
) -> None:
    """Everything about the working tree for the chosen channel, then save / submit.

    ``locked_channel``: the channel of the audience being revised (a revision keeps it).
    """
    st.divider()
    said = words()
    channel = choose_channel(build, ctx.catalog, tree, locked=locked_channel)
    if channel is None:
        st.info(said.figures.no_channel)
        return
    with guarded(said.actions.count):
        analysis = build_flow.analyse(build, tree, channel, engine=ctx.engine)
        description = describe_rules(tree, ctx.catalog, lang=language_of(build.language))
        left, right = st.columns([3, 2], gap="large")
        with left:
            answer_card.render_answer(
                proposal, tree, analysis.waterfall, catalog=ctx.catalog,
                language=build.language, perimeter=description.text,
            )  # fmt: skip
            coverage = st.expander(said.chat.coverage, key="build_coverage", on_change="rerun")
            if coverage.open:  # drawn when opened, like the figures below
                with coverage:
                    render_coverage(proposal, tree)
        with right:
            channel_label = ctx.catalog.channel_label(channel, language_of(build.language))
            reachable = said.figures.reachable_by.format(channel=channel_label)
            st.markdown(f"**{plain(reachable)}**")
            analysis_view.render_waterfall(analysis.waterfall)
            weights, note = said.figures.weights, said.figures.weights_note
            st.markdown(f"**{plain(weights)}** {plain(note)}")
            lines = [line.text for line in description.lines]
            analysis_view.render_weights(analysis.leave_one_out, lines)
        _figures(build, ctx, tree, analysis)
        submit_forms.render_actions(build, ctx, tree, analysis)


def choose_channel(
    build: BuildState, catalog: Catalog, tree: RuleTree, *, locked: str | None = None
) -> str | None:
    """The one channel choice: the headline, the waterfall, the size flags and the submission
    all follow it. A new tree that names a channel ("for a WhatsApp campaign") selects it once;
    ``locked`` (a revised audience's channel) is shown and cannot change."""
    channels = list(catalog.channel_names)
    if not channels:
        return None
    if tree.channel in channels and build.channel_of != tree.fingerprint():
        st.session_state[CHANNEL_KEY] = tree.channel  # the request named it; the user may change it
    build.channel_of = tree.fingerprint()
    # The widget's own state wins (the user's last pick), except for a revision's fixed channel.
    wanted = locked or st.session_state.get(CHANNEL_KEY) or build.channel
    st.session_state[CHANNEL_KEY] = wanted if wanted in channels else channels[0]
    one, _ = st.columns([2, 1])
    said = words().figures
    build.channel = one.selectbox(
        said.channel, channels, key=CHANNEL_KEY,
        format_func=lambda name: catalog.channel_label(name, language_of(build.language)),
        disabled=locked is not None,
        help=said.channel_help,
    )  # fmt: skip
    return build.channel


@st.fragment
def _figures(build: BuildState, ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis) -> None:
    """The sample, the breakdowns and the SQL, each drawn only while its expander is open (the
    breakdowns are counted when first opened); opening one reruns this fragment, not the page."""
    said = words()

    def breakdowns() -> None:
        with guarded(said.actions.break_down):
            _breakdowns(ctx, tree, analysis)

    analysis_view.render_folded(
        [
            (
                said.figures.sample,
                "build_sample",
                lambda: analysis_view.render_sample(analysis.sample, ctx.catalog),
            ),
            (said.figures.breakdowns, "build_breakdowns", breakdowns),
            (said.figures.sql, "build_sql", lambda: _sql(build, ctx, tree, analysis)),
        ]
    )


def _sql(build: BuildState, ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis) -> None:
    """What runs here (DuckDB) and the same audience in the warehouse dialect picked."""
    said = words().figures
    build.dialect = st.selectbox(
        said.dialect, DIALECTS, index=DIALECTS.index(build.dialect), key="build_dialect"
    )
    st.markdown(said.runs_here)
    st.code(analysis.count.sql, language="sql")
    st.markdown(f"**{build.dialect}**")
    st.code(render_sql(compile_rules(tree, ctx.catalog), build.dialect), language="sql")


def _breakdowns(ctx: BuildContext, tree: RuleTree, analysis: TreeAnalysis) -> None:
    """The default breakdowns and the one picked, counted once each, as charts."""
    names = build_flow.breakdown_defaults(ctx.catalog, analysis.channel)
    lang = language_of(app_state().language)

    def label(name: str) -> str:
        return "—" if name == "—" else field_label(ctx.catalog, name, lang)

    picked = st.selectbox(
        words().figures.another_field, ["—", *breakdown_fields(ctx.catalog)],
        key="build_breakdown", format_func=label,
    )  # fmt: skip
    if picked and picked != "—":
        names.append(picked)
    for name in names:
        build_flow.breakdown(analysis, tree, name, engine=ctx.engine)
    columns = st.columns(2)
    for number, (name, rows) in enumerate(analysis.breakdowns.items()):
        with columns[number % 2]:
            analysis_view.render_breakdown(ctx.catalog, name, rows)


def breakdown_fields(catalog: Catalog) -> list[str]:
    """Categorical or boolean columns of the profile and of 1:1 tables: what one can break down."""
    names = []
    for table in catalog.tables:
        if table.kind is TableKind.EVENT or (
            table.join and table.join.relationship != "one_to_one"
        ):
            continue
        names += [
            f"{table.name}.{c.name}"
            for c in table.columns
            if c.is_categorical or c.type is ColumnType.BOOLEAN
        ]
    return names
