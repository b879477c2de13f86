"""Evals page: the latest eval report, per domain, development and held-out side by side (never
one figure over both), each category with the correct / asked / flagged-wrong / silent-wrong /
unsafe split; the planners compared; the failures to inspect. In the page's language."""

from __future__ import annotations

import streamlit as st

from ui.components import evals_view
from ui.components.app_words import use_language
from ui.components.page_words import EvalsWords
from ui.components.text import plain
from ui.resources import settings

said = use_language(None)
words: EvalsWords = said.evals
st.title(said.pages.evals)
home = settings().home
try:
    report = evals_view.load_latest(home)
except (OSError, ValueError) as error:
    st.error(words.unreadable.format(error=error))
    st.stop()
if report is None:
    st.info(words.no_report.format(folder=evals_view.reports_dir(home)))
    st.stop()
st.caption(plain(" · ".join(f"{words.meta.of(k)}: {v}" for k, v in report.meta.items())))
st.caption(words.classes_help)
for domain in report.domains:
    st.subheader(plain(words.domain.format(name=domain.name)))
    for column, split in zip(st.columns(max(len(domain.splits), 1)), domain.splits, strict=False):
        with column:
            label = words.split.format(label=words.splits.of(split.split), dataset=split.dataset)
            st.markdown(f"**{plain(label)}**")
            for figure, (code, value) in zip(
                st.columns(len(split.summary)), split.summary.items(), strict=True
            ):
                name = words.summary.of(code)
                figure.metric(f"{split.split} · {name}", value, label_visibility="visible")
            st.dataframe([words.columns.head(row) for row in split.categories], hide_index=True)
    if domain.gap:
        st.caption(words.gap.format(**domain.gap))
planners = evals_view.planner_rows(home)
if planners:
    st.subheader(words.planners)
    st.dataframe([words.planner_columns.head(row) for row in planners], hide_index=True)
st.subheader(words.failures.format(count=len(report.failures)))
for failure in report.failures:
    title = f"{failure.get('case_id', '?')} · {failure.get('dataset') or ''} · "
    with st.expander(plain(title + evals_view.text(failure.get("category")))):
        conversation = plain(evals_view.text(failure.get("conversation")))
        st.markdown(words.request.format(text=conversation))
        for side in ("expected", "got"):
            outcome = evals_view.text(failure.get(f"{side}_outcome"))
            count = evals_view.whole(failure.get(f"{side}_count"))
            text = evals_view.text(failure.get(f"{side}_text"))
            line = getattr(words, side).format(
                outcome=words.outcomes.of(outcome), count=count, text=text
            )
            st.markdown(plain(line))
        if failure.get("error"):
            st.error(plain(str(failure["error"])))
if report.html is not None:
    st.download_button(
        words.download,
        report.html.read_bytes(),
        file_name=report.html.name,
        mime="text/html",
    )
