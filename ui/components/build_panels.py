"""The Build page's audience panels: perimeter, coverage, editable conditions and the figures."""

from __future__ import annotations

import streamlit as st

from assistant import Proposal
from audience.compile import compile_rules, render_sql
from audience.engine import AudienceEngine
from audience.rules import (
    OPERATORS,
    Attribute,
    IndicatorRule,
    Node,
    Op,
    RuleTree,
    TimeUnit,
    Value,
    describe_rules,
    indicator_operand,
)
from languages import available_languages, language_name
from schema_catalog import Catalog, ColumnType, TableKind
from ui.components import analysis_view, build_flow, conditions, submit_forms
from ui.components.errors import guarded
from ui.components.proposal_view import render_coverage, render_freshness
from ui.components.text import plain
from ui.state import BuildState, TreeAnalysis

DIALECTS = ("snowflake", "bigquery", "postgres", "spark")


def render_workspace(
    build: BuildState,
    tree: RuleTree,
    proposal: Proposal | None,
    *,
    catalog: Catalog,
    engine: AudienceEngine,
) -> None:
    """Everything about the working tree, side by side, then the save / submit actions."""
    st.divider()
    st.subheader("The audience")
    _controls(build, catalog)
    with guarded("count the audience"):
        analysis = build_flow.analyse(build, tree, catalog=catalog, engine=engine)
        description = describe_rules(tree, catalog, lang=build.language)
        lines = [line.text for line in description.lines]
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown("**Perimeter**")
            st.markdown(plain(description.text))
            if proposal is not None:
                render_coverage(proposal, proposal.rules)
            _conditions(build, tree, lines, catalog=catalog, engine=engine)
            render_freshness(tree, catalog)
        with right:
            analysis_view.render_count(analysis, _previous_count(build))
            if analysis.waterfall is not None:
                label = catalog.channel(analysis.channel).label
                st.markdown(f"**Who can be reached by {label}**")
                analysis_view.render_waterfall(analysis.waterfall)
            st.markdown("**Each condition's weight** (count without it)")
            st.dataframe(
                analysis_view.loo_rows(analysis.leave_one_out, lines),
                hide_index=True,
            )
        _figures(build, tree, analysis, catalog=catalog, engine=engine)
        submit_forms.render_actions(build, tree, analysis, catalog=catalog)


def _previous_count(build: BuildState) -> int | None:
    steps = [e for e in build.exchanges if e.count_after is not None]
    return steps[-1].count_before if steps else None


def _controls(build: BuildState, catalog: Catalog) -> None:
    channels = list(catalog.channel_names)
    one, two, three = st.columns(3)
    if channels:
        index = channels.index(build.channel) if build.channel in channels else 0
        build.channel = one.selectbox(
            "Channel (waterfall)", channels, index=index, key="build_channel"
        )
    language = two.radio(
        "Language",
        list(available_languages()),
        format_func=language_name,
        horizontal=True,
        key="build_language",
    )
    build.language = language or build.language
    build.dialect = three.selectbox("Warehouse SQL dialect", DIALECTS, key="build_dialect")


def _figures(
    build: BuildState,
    tree: RuleTree,
    analysis: TreeAnalysis,
    *,
    catalog: Catalog,
    engine: AudienceEngine,
) -> None:
    sample_tab, breakdown_tab, sql_tab = st.tabs(["Sample (masked)", "Breakdowns", "SQL"])
    with sample_tab:
        analysis_view.render_sample(analysis.sample)
    with breakdown_tab:
        choices = breakdown_fields(catalog)
        picked = st.selectbox("Break down by another field", ["—", *choices], key="build_breakdown")
        if picked and picked != "—":
            build_flow.breakdown(analysis, tree, picked, engine=engine)
        columns = st.columns(2)
        for number, (name, rows) in enumerate(analysis.breakdowns.items()):
            with columns[number % 2]:
                analysis_view.render_breakdown(name, rows)
    with sql_tab:
        st.markdown("**DuckDB** (what runs here)")
        st.code(analysis.count.sql, language="sql")
        st.markdown(f"**{build.dialect}**")
        st.code(render_sql(compile_rules(tree, catalog), build.dialect), language="sql")


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


def _conditions(
    build: BuildState, tree: RuleTree, lines: list[str], *, catalog: Catalog, engine: AudienceEngine
) -> None:
    st.markdown("**Conditions** (edit a value, remove one, or add one; each edit re-counts)")
    tag = tree.fingerprint()[:8]
    for index, node in enumerate(tree.root.rules):
        label = lines[index] if index < len(lines) else f"{node.kind} condition"
        with st.expander(label, expanded=False):
            _edit_form(build, tree, index, node, label, tag, catalog=catalog, engine=engine)
            if st.button(
                "Remove this condition", key=f"remove_{index}_{tag}", icon=":material/delete:"
            ):
                _apply(
                    build,
                    tree.remove_rule(index),
                    f"removed “{label}”",
                    catalog=catalog,
                    engine=engine,
                )
    _add_form(build, tree, tag, catalog=catalog, engine=engine)


def _edit_form(
    build: BuildState,
    tree: RuleTree,
    index: int,
    node: Node,
    label: str,
    tag: str,
    *,
    catalog: Catalog,
    engine: AudienceEngine,
) -> None:
    if type(node) not in (Attribute, IndicatorRule) and node.kind != "behavior":
        st.caption("This condition has no value to edit; remove it or rephrase in the chat.")
        return
    with st.form(f"edit_{index}_{tag}"):
        edited = conditions.edit_node(catalog, node, f"value_{index}_{tag}")
        applied = st.form_submit_button("Apply")
    if applied and edited is not None and edited != node:
        _apply(
            build,
            tree.replace_rule(index, edited),
            f"changed “{label}”",
            catalog=catalog,
            engine=engine,
        )


def _add_form(
    build: BuildState, tree: RuleTree, tag: str, *, catalog: Catalog, engine: AudienceEngine
) -> None:
    with st.expander("Add a condition from the catalog", icon=":material/add:"):
        indicators = [f"indicator:{i.name}" for i in catalog.indicators]
        target = st.selectbox(
            "Field or indicator", conditions.attribute_fields(catalog) + indicators, key="add_field"
        )
        is_indicator = target.startswith("indicator:")
        name = target.removeprefix("indicator:")
        ops = (
            conditions.indicator_operators(catalog, name)
            if is_indicator
            else conditions.field_operators(catalog, name)
        )
        op = st.selectbox("Operator", ops, format_func=lambda o: o.value, key=f"add_op_{target}")
        unit = None
        if op is Op.WITHIN_LAST:
            unit = st.selectbox(
                "Unit", list(TimeUnit), format_func=lambda u: u.value, key="add_unit"
            )
        with st.form(f"add_{tag}"):
            operand = (
                indicator_operand(catalog.indicator(name))
                if is_indicator
                else conditions.field_operand(catalog, name)
            )
            arity = OPERATORS[op].arity
            value = conditions.value_widget("Value", operand, arity, None, f"add_value_{tag}")
            added = st.form_submit_button("Add condition")
        if added:
            node = _new_node(is_indicator, name, op, value, unit)
            _apply(
                build,
                tree.add_rule(node),
                f"added {name} {op.value} {value!r}",
                catalog=catalog,
                engine=engine,
            )


def _new_node(is_indicator: bool, name: str, op: Op, value: Value, unit: TimeUnit | None) -> Node:
    if is_indicator:
        return IndicatorRule(indicator=name, op=op, value=value)
    return Attribute(field=name, op=op, value=value, unit=unit)


def _apply(
    build: BuildState, tree: RuleTree, change: str, *, catalog: Catalog, engine: AudienceEngine
) -> None:
    errors = build_flow.apply_edit(build, tree, change, catalog=catalog, engine=engine)
    if errors:
        for issue in errors:
            st.error(f"{issue.message} {issue.hint or ''}", icon=":material/error:")
        return
    st.rerun()
