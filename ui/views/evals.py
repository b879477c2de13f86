"""Evals page: the latest eval report (accuracy per category and planner, failures to inspect)."""

from __future__ import annotations

import json

import streamlit as st

from ui.components.evals_view import load_latest
from ui.resources import settings

st.title("Evals")
home = settings().home
try:
    report = load_latest(home)
except (OSError, ValueError, json.JSONDecodeError) as error:
    st.error(f"The eval report cannot be read: {error}. Run `perimeter eval` again to rewrite it.")
    st.stop()
if report is None:
    st.info(
        "No eval report yet. Run `perimeter eval` (offline planner, no API key needed); the "
        f"latest report is then shown here (it is written to `{home / 'reports'}`)."
    )
    st.stop()
assert report is not None
st.caption(f"Report: `{report.path}`")
figures = {k: v for k, v in report.summary.items() if isinstance(v, int | float)}
for column, (name, value) in zip(st.columns(max(len(figures), 1)), figures.items(), strict=False):
    shown = f"{value:.1%}" if isinstance(value, float) and 0 <= value <= 1 else f"{value:,}"
    column.metric(name.replace("_", " "), shown)
st.dataframe({k: [v] for k, v in report.summary.items() if k not in figures}, hide_index=True)
if report.categories:
    st.subheader("Per category")
    st.dataframe(report.categories, hide_index=True)
st.subheader(f"Failures ({len(report.failures)})")
for index, failure in enumerate(report.failures):
    title = str(failure.get("id") or failure.get("case_id") or f"failure {index + 1}")
    with st.expander(f"{title}: {failure.get('category', '')}"):
        st.json(failure)
if report.html is not None:
    st.download_button(
        "Download the HTML report",
        report.html.read_bytes(),
        file_name=report.html.name,
        mime="text/html",
    )
