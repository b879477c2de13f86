"""Evals page: the latest eval report, per domain, development and held-out side by side (never
one figure over both), each category with the correct / asked / flagged-wrong / silent-wrong /
unsafe split; the planners compared; the failures to inspect."""

from __future__ import annotations

import streamlit as st

from ui.components import evals_view
from ui.components.app_words import use_language
from ui.components.text import plain
from ui.resources import settings

CLASS_HELP = (
    "correct · asked (a question or a refusal, no audience shown) · flagged-wrong (wrong, with a "
    "warning shown before the count) · silent-wrong (wrong, nothing said: the figure to drive to "
    "zero) · unsafe. RS(10) = (correct − 10 × wrong) / cases."
)

st.title(use_language(None).pages.evals)
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
st.caption(plain(" · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in report.meta.items())))
st.caption(CLASS_HELP)
for domain in report.domains:
    st.subheader(plain(f"Domain: {domain.name}"))
    for column, split in zip(st.columns(max(len(domain.splits), 1)), domain.splits, strict=False):
        with column:
            st.markdown(f"**{plain(split.label)}**")
            for figure, (name, value) in zip(
                st.columns(len(split.summary)), split.summary.items(), strict=True
            ):
                figure.metric(f"{split.split} · {name}", value, label_visibility="visible")
            st.dataframe(split.categories, hide_index=True)
    if domain.gap:
        st.caption(domain.gap)
planners = evals_view.planner_rows(home)
if planners:
    st.subheader("Per planner (newest run of each)")
    st.dataframe(planners, hide_index=True)
st.subheader(f"Failures ({len(report.failures)})")
for failure in report.failures:
    title = f"{failure.get('case_id', '?')} · {failure.get('dataset') or ''} · "
    with st.expander(plain(title + evals_view.text(failure.get("category")))):
        st.markdown(f"**Request:** {plain(evals_view.text(failure.get('conversation')))}")
        for side in ("expected", "got"):
            outcome = evals_view.text(failure.get(f"{side}_outcome"))
            count = evals_view.whole(failure.get(f"{side}_count"))
            said = evals_view.text(failure.get(f"{side}_text"))
            st.markdown(plain(f"{side.capitalize()} ({outcome}, {count} people): {said}"))
        if failure.get("error"):
            st.error(plain(str(failure["error"])))
if report.html is not None:
    st.download_button(
        "Download the HTML report",
        report.html.read_bytes(),
        file_name=report.html.name,
        mime="text/html",
    )
