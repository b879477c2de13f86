"""Evals page: the latest eval report, per domain, development and held-out side by side (never
one figure over both), each category with the correct / asked / flagged-wrong / silent-wrong /
unsafe split; the planners compared; the failures to inspect. In the page's language.

No ``st.stop()``: the app draws the navigation and the sidebar after the page has run."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.components import evals_view
from ui.components.app_words import use_language
from ui.components.evals_view import LatestReport
from ui.components.page_words import EvalsWords
from ui.components.text import plain
from ui.resources import settings
from ui.state import app_state


def _latest(home: Path, words: EvalsWords) -> LatestReport | None:
    """The latest report; None, with what to do, when it is missing or unreadable."""
    try:
        report = evals_view.load_latest(home, app_state().language)
    except (OSError, ValueError) as error:
        st.error(words.unreadable.format(error=error))
        return None
    if report is None:
        st.info(words.no_report.format(folder=evals_view.reports_dir(home)))
    return report


def _domains(report: LatestReport, words: EvalsWords) -> None:
    for domain in report.domains:
        st.subheader(plain(words.domain.format(name=domain.name)))
        splits = domain.splits
        for column, split in zip(st.columns(max(len(splits), 1)), splits, strict=False):
            with column:
                label = words.splits.of(split.split)
                st.markdown(f"**{plain(words.split.format(label=label, dataset=split.dataset))}**")
                figures = split.summary.items()
                for figure, (code, value) in zip(st.columns(len(figures)), figures, strict=True):
                    name = f"{split.split} · {words.summary.of(code)}"
                    figure.metric(name, value, label_visibility="visible")
                rows = [words.columns.head(row) for row in split.categories]
                st.dataframe(rows, hide_index=True)
        if domain.gap:
            st.caption(words.gap.format(**domain.gap))


def _failures(report: LatestReport, words: EvalsWords) -> None:
    st.subheader(words.failures.format(count=len(report.failures)))
    for failure in report.failures:
        title = f"{failure.get('case_id', '?')} · {failure.get('dataset') or ''} · "
        with st.expander(plain(title + evals_view.text(failure.get("category")))):
            conversation = plain(evals_view.text(failure.get("conversation")))
            st.markdown(words.request.format(text=conversation))
            for side, phrase in (("expected", words.expected), ("got", words.got)):
                outcome = words.outcomes.of(evals_view.text(failure.get(f"{side}_outcome")))
                count = evals_view.whole(failure.get(f"{side}_count"), app_state().language)
                text = evals_view.text(failure.get(f"{side}_text"))
                st.markdown(plain(phrase.format(outcome=outcome, count=count, text=text)))
            if failure.get("error"):
                st.error(plain(str(failure["error"])))


said = use_language(None)
words = said.evals
st.title(said.pages.evals)
home = settings().home
report = _latest(home, words)
if report is not None:
    st.caption(plain(" · ".join(f"{words.meta.of(k)}: {v}" for k, v in report.meta.items())))
    st.caption(words.classes_help)
    _domains(report, words)
    planners = evals_view.planner_rows(home, app_state().language)
    if planners:
        st.subheader(words.planners)
        st.dataframe([words.planner_columns.head(row) for row in planners], hide_index=True)
    _failures(report, words)
    if report.html is not None:
        st.download_button(
            words.download, report.html.read_bytes(), file_name=report.html.name,
            mime="text/html",
        )  # fmt: skip
