"""Rendering of the Build conversation: requests, proposals, clarifications, refusals, edits.

User and model text is shown as text (``plain``), never as Markdown."""

from __future__ import annotations

import re
from typing import Literal

import streamlit as st

from assistant import ChatStep, Clarification, CoverageItem, Proposal, Refusal, language_of
from audience.rules import RuleTree, describe_rules
from schema_catalog import Catalog
from ui.components.app_words import app_words, number, words
from ui.components.errors import failure_text, show_raw
from ui.components.phrases import answer_phrases
from ui.components.text import plain
from ui.state import BuildState, app_state

_RULE_PATH = re.compile(r"^root\.rules\[(\d+)\]")


def count_change(before: int | None, after: int | None, language: str = "en") -> str:
    """'12,345 → 6,789 matching (−5,556)', or '6,789 matching' for a first count, in
    ``language``.

    >>> count_change(100, 80), count_change(None, 85473, "fr")
    ('100 → 80 matching (−20)', '85\u202f473 correspondants')
    """
    if after is None:
        return ""
    said = app_words(language).chat
    if before is None:
        return said.matching.format(count=number(after, language))
    delta = after - before
    sign = "+" if delta >= 0 else "−"
    return said.count_change.format(
        before=number(before, language),
        after=number(after, language),
        delta=f"{sign}{number(abs(delta), language)}",
    )


def condition_lines(tree: RuleTree | None, catalog: Catalog, language: str = "en") -> list[str]:
    """The plain-language lines of a tree (one per condition), or [] for no tree."""
    if tree is None:
        return []
    return [line.text for line in describe_rules(tree, catalog, lang=language_of(language)).lines]


def render_step(
    step: ChatStep, index: int, *, latest: bool, build: BuildState, catalog: Catalog
) -> None:
    """One step of the conversation as chat messages (never an empty bubble)."""
    language = app_state().language
    said = app_words(language).chat
    if step.kind == "edit":
        with st.chat_message("user", avatar=":material/edit:"):
            st.markdown(f"{said.edited_by_hand} {plain(step.text)}")
            st.caption(count_change(step.count_before, step.count_after, language))
        return
    with st.chat_message("user"):
        st.markdown(plain(step.text))
    with st.chat_message("assistant"):
        if step.error is not None:
            st.error(failure_text(step, catalog, said.rephrase))
            show_raw(step.error_wording)
        elif isinstance(step.outcome, Proposal):
            _proposal(step, step.outcome, catalog, build.language, latest=latest)
        elif isinstance(step.outcome, Clarification):
            _clarification(step.outcome, index, latest=latest, build=build)
        elif isinstance(step.outcome, Refusal):
            refused = said.cannot_build.format(reason=step.outcome.reason)
            st.warning(plain(refused), icon=":material/block:")


def _proposal(
    step: ChatStep, proposal: Proposal, catalog: Catalog, language: str, *, latest: bool
) -> None:
    if latest:
        st.caption(words().chat.answer_below)
    else:
        st.markdown(plain(proposal.explanation))
    if step.rules_before is not None:
        before = set(condition_lines(step.rules_before, catalog, language))
        after = set(condition_lines(proposal.rules, catalog, language))
        for line in sorted(before - after):
            st.markdown(f"- :red[− {plain(line)}]")
        for line in sorted(after - before):
            st.markdown(f"- :green[+ {plain(line)}]")
    st.caption(count_change(step.count_before, step.count_after, app_state().language))


def _clarification(
    clarification: Clarification, index: int, *, latest: bool, build: BuildState
) -> None:
    phrases = answer_phrases(build.language)
    st.markdown(plain(clarification.question))
    if clarification.options:
        st.caption(phrases.options)
    for position, option in enumerate(clarification.options):
        label = option.label
        if option.count is not None:
            count = number(option.count, build.language)
            label = phrases.option_count.format(label=label, count=count)
        if st.button(label, key=f"clarify_{index}_{position}", disabled=not latest):
            if option.rules is not None:
                build.pending_choice = (clarification, option)
            else:
                build.pending_request = option.request
            st.rerun()


def coverage_rows(proposal: Proposal, tree: RuleTree) -> list[tuple[str, Coverage, str]]:
    """(phrase or rule, status, note): mapped, dropped (no rule) or invented (no phrase)."""
    said = words().chat
    rows = [_coverage_row(item, said.no_rule) for item in proposal.coverage]
    covered = {
        int(m.group(1))
        for i in proposal.coverage
        if i.rule_path and (m := _RULE_PATH.match(i.rule_path))
    }
    for position, _ in enumerate(tree.root.rules):
        if position not in covered:
            rows.append((f"root.rules[{position}]", "invented", said.no_phrase))
    return rows


def _coverage_row(item: CoverageItem, no_rule: str) -> tuple[str, Coverage, str]:
    if item.rule_path is None:
        return item.phrase, "dropped", item.note or no_rule
    return item.phrase, "mapped", f"{item.rule_path}{f' ({item.note})' if item.note else ''}"


Coverage = Literal["mapped", "dropped", "invented"]
_STATUS_STYLE: dict[Coverage, str] = {
    "mapped": ":green[{}]",
    "dropped": ":red[**{}**]",
    "invented": ":orange[**{}**]",
}


def render_coverage(proposal: Proposal | None, tree: RuleTree) -> None:
    """The coverage map: each phrase → its rule, dropped and invented ones highlighted."""
    said = words().chat
    st.markdown(f"**{plain(said.coverage_title)}**")
    if proposal is None or not proposal.coverage:
        st.caption(said.no_coverage)
        return
    for phrase, status, note in coverage_rows(proposal, tree):
        shown = _STATUS_STYLE[status].format(plain(getattr(said, status)))
        st.markdown(f"- “{plain(phrase)}” → {shown} · {plain(note)}")
