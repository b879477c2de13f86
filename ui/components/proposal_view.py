"""Rendering of the Build conversation: requests, proposals, clarifications, refusals, edits."""

from __future__ import annotations

import re

import streamlit as st

from assistant import Clarification, CoverageItem, Proposal, Refusal
from audience.rules import IndicatorRule, RuleTree, describe_rules
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog
from ui.components.catalog_view import freshness_text
from ui.components.text import plain
from ui.state import BuildState, Exchange

_RULE_PATH = re.compile(r"^root\.rules\[(\d+)\]")


def count_change(before: int | None, after: int | None) -> str:
    """'12,345 → 6,789 people (−5,556)', or '6,789 people' for a first count.

    >>> count_change(100, 80)
    '100 → 80 people (−20)'
    """
    if after is None:
        return ""
    if before is None:
        return f"{after:,} people"
    delta = after - before
    sign = "+" if delta >= 0 else "−"
    return f"{before:,} → {after:,} people ({sign}{abs(delta):,})"


def condition_lines(
    tree: RuleTree | None, catalog: Catalog, language: Lang = DEFAULT_LANG
) -> list[str]:
    """The plain-language lines of a tree (one per condition), or [] for no tree."""
    if tree is None:
        return []
    return [line.text for line in describe_rules(tree, catalog, lang=language).lines]


def render_exchange(
    exchange: Exchange, index: int, *, latest: bool, build: BuildState, catalog: Catalog
) -> None:
    """One step of the conversation as chat messages."""
    if exchange.kind == "edit":
        with st.chat_message("user", avatar=":material/edit:"):
            st.markdown(f"*Edited by hand:* {plain(exchange.request)}")
            st.caption(count_change(exchange.count_before, exchange.count_after))
        return
    with st.chat_message("user"):
        st.markdown(plain(exchange.request))
    with st.chat_message("assistant"):
        if exchange.error is not None:
            st.error(
                f"{exchange.error}\n\n{exchange.hint or 'Rephrase the request and try again.'}"
            )
        elif isinstance(exchange.outcome, Proposal):
            _proposal(exchange, exchange.outcome, catalog, build.language)
        elif isinstance(exchange.outcome, Clarification):
            _clarification(exchange.outcome, index, latest=latest, build=build)
        elif isinstance(exchange.outcome, Refusal):
            st.warning(
                f"I can't build that: {plain(exchange.outcome.reason)}", icon=":material/block:"
            )


def _proposal(exchange: Exchange, proposal: Proposal, catalog: Catalog, language: Lang) -> None:
    st.markdown(plain(proposal.explanation))
    if exchange.rules_before is not None:
        st.markdown("**What changed**")
        for change in proposal.changes or ("(the planner did not list the changes)",):
            st.markdown(f"- {plain(change)}")
        before = set(condition_lines(exchange.rules_before, catalog, language))
        after = set(condition_lines(proposal.rules, catalog, language))
        for line in sorted(before - after):
            st.markdown(f"- :red[− {plain(line)}]")
        for line in sorted(after - before):
            st.markdown(f"- :green[+ {plain(line)}]")
    # The trust contract: assumptions and warnings come before the count.
    for assumption in proposal.assumptions:
        st.caption(f"Assumed: {plain(assumption)}")
    for issue in proposal.issues:
        st.warning(plain(f"{issue.message} {issue.hint or ''}"), icon=":material/flag:")
    st.caption(count_change(exchange.count_before, exchange.count_after))


def _clarification(
    clarification: Clarification, index: int, *, latest: bool, build: BuildState
) -> None:
    st.markdown(plain(clarification.question))
    for number, option in enumerate(clarification.options):
        label = option.label if option.count is None else f"{option.label} ({option.count:,})"
        if st.button(label, key=f"clarify_{index}_{number}", disabled=not latest):
            if option.rules is not None:
                build.pending_choice = (clarification, option)
            else:
                build.pending_request = option.request
            st.rerun()


def coverage_rows(proposal: Proposal, tree: RuleTree) -> list[tuple[str, str, str]]:
    """(phrase or rule, status, note): mapped, dropped (no rule) or invented (no phrase)."""
    rows = [_coverage_row(item) for item in proposal.coverage]
    covered = {
        int(m.group(1))
        for i in proposal.coverage
        if i.rule_path and (m := _RULE_PATH.match(i.rule_path))
    }
    for number, _ in enumerate(tree.root.rules):
        if number not in covered:
            rows.append((f"root.rules[{number}]", "invented", "no phrase of the request"))
    return rows


def _coverage_row(item: CoverageItem) -> tuple[str, str, str]:
    if item.rule_path is None:
        return item.phrase, "dropped", item.note or "no rule for this phrase"
    return item.phrase, "mapped", f"{item.rule_path}{f' ({item.note})' if item.note else ''}"


_STATUS_STYLE = {
    "mapped": ":green[mapped]",
    "dropped": ":red[**dropped**]",
    "invented": ":orange[**invented**]",
}


def render_coverage(proposal: Proposal | None, tree: RuleTree) -> None:
    """The coverage map: each phrase → its rule, dropped and invented ones highlighted."""
    st.markdown("**Coverage map**")
    if proposal is None or not proposal.coverage:
        st.caption("No coverage map (the tree was edited by hand or the planner gave none).")
        return
    for phrase, status, note in coverage_rows(proposal, tree):
        st.markdown(f"- “{plain(phrase)}” → {_STATUS_STYLE[status]} · {plain(note)}")


def render_freshness(tree: RuleTree, catalog: Catalog) -> None:
    """Indicator freshness: dynamic (computed at query time) or snapshot with computed-at."""
    names = sorted({node.indicator for _, node in tree.walk() if isinstance(node, IndicatorRule)})
    st.markdown("**Indicator freshness**")
    if not names:
        st.caption("No indicator in this audience.")
    for name in names:
        indicator = catalog.indicator(name)
        st.markdown(f"- {indicator.label}: {freshness_text(indicator)}")
    st.caption(f"Data as of {catalog.as_of_text()}.")
