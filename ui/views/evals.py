"""Evals page: the latest eval report (accuracy per category and planner, failures to inspect)."""

from __future__ import annotations

import streamlit as st

from ui.components import evals_view
from ui.resources import settings

st.title("Evals")
home = settings().home
try:
    report = evals_view.load_latest(home)
except (OSError, ValueError) as error:
    st.error(f"The eval report cannot be read: {error}. Run `perimeter eval` again to rewrite it.")
    st.stop()
if report is None:
    st.info(
        "No eval report yet. Run `perimeter eval` (offline planner, no API key needed); the "
        f"latest report then shows here (it is written to `{evals_view.reports_dir(home)}`)."
    )
    st.stop()
st.caption(" · ".join(f"{k}: {v}" for k, v in report.meta.items() if v is not None))
columns = st.columns(max(len(report.headline), 1))
for column, (name, value) in zip(columns, report.headline.items(), strict=False):
    if name == "reliability_score" and isinstance(value, float):
        shown = f"{value:+.2f}"
    else:
        shown = f"{value:.1%}" if isinstance(value, float) else str(value)
    column.metric(name.replace("_", " "), shown)
if report.domains:
    st.subheader("Per domain and split")
    st.caption(
        "correct · asked (question or refusal, no audience shown) · flagged-wrong (wrong, with a "
        "warning shown before the count) · silent-wrong · unsafe; RS(10) = (correct − 10 × "
        "wrong) / cases"
    )
    st.dataframe(report.domains, hide_index=True)
st.subheader("Per category")
st.dataframe(report.categories, hide_index=True)
planners = evals_view.planner_rows(home)
if planners:
    st.subheader("Per planner (newest run of each)")
    st.dataframe(planners, hide_index=True)
st.subheader(f"Failures ({len(report.failures)})")
for failure in report.failures:
    title = f"{failure.get('case_id', '?')} · {failure.get('category', '')}"
    with st.expander(title):
        st.markdown(f"**Request:** {failure.get('conversation')}")
        st.markdown(
            f"**Expected** ({failure.get('expected_outcome')}, "
            f"{failure.get('expected_count')} people): {failure.get('expected_text')}"
        )
        st.markdown(
            f"**Got** ({failure.get('got_outcome')}, {failure.get('got_count')} people): "
            f"{failure.get('got_text')}"
        )
        if failure.get("error"):
            st.error(str(failure["error"]))
if report.html is not None:
    st.download_button(
        "Download the HTML report",
        report.html.read_bytes(),
        file_name=report.html.name,
        mime="text/html",
    )
