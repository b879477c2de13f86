"""The Build page's actions: plan a request, apply a hand edit, analyse the working tree.

Each action calls the packages (planner, validator, engine) and records the outcome in the
session's ``BuildState``; nothing here decides what an audience means.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from assistant import (
    Clarification,
    ClarificationOption,
    Proposal,
    Refusal,
    Turn,
    choose_option,
    make_planner,
    plan,
)
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.validate import validate_rules
from schema_catalog import Catalog, Issue, has_errors
from settings import Settings
from ui.components.errors import ROOT_ERRORS
from ui.state import BuildState, Exchange, TreeAnalysis

SAMPLE_SIZE = 10
BREAKDOWN_TOP = 25


def breakdown_defaults(catalog: Catalog, channel: str) -> list[str]:
    """Tier, country and the channel's consent flag, when the catalog has them."""
    profile = catalog.profile.table
    wanted = [f"{profile}.loyalty_tier", f"{profile}.country"]
    with contextlib.suppress(LookupError):
        wanted.append(catalog.channel(channel).consent)
    known = set(catalog.field_names())
    return [name for name in wanted if name in known]


def _assistant_text(outcome: Proposal | Clarification | Refusal) -> str:
    if isinstance(outcome, Proposal):
        return outcome.explanation
    if isinstance(outcome, Clarification):
        return outcome.question
    return outcome.reason


def ask(
    build: BuildState, request: str, *, catalog: Catalog, engine: AudienceEngine, settings: Settings
) -> None:
    """Plan ``request`` in the conversation so far, count a proposal, record the exchange."""
    exchange = Exchange(request=request, rules_before=build.working, count_before=build.last_count)
    try:
        with st.status("Planning the audience…", expanded=False) as status:
            outcome = plan(
                request,
                build.conversation,
                catalog,
                planner=make_planner(settings.llm),
                counter=lambda tree: engine.count(tree).count,
            )
            exchange.outcome = outcome
            if isinstance(outcome, Proposal):
                exchange.count_after = outcome.count
                exchange.changes = outcome.changes
            status.update(label="Done", state="complete")
    except ROOT_ERRORS as error:
        exchange.error = getattr(error, "message", str(error))
        exchange.hint = getattr(error, "hint", None)
    else:
        rules = outcome.rules if isinstance(outcome, Proposal) else None
        build.conversation = build.conversation.add(Turn(role="user", text=request)).add(
            Turn(role="assistant", text=_assistant_text(outcome), rules=rules)
        )
    build.exchanges.append(exchange)


def choose(
    build: BuildState,
    clarification: Clarification,
    option: ClarificationOption,
    *,
    catalog: Catalog,
    engine: AudienceEngine,
) -> None:
    """Propose the complete tree of a picked clarification option, counted."""
    exchange = Exchange(
        request=option.label, rules_before=build.working, count_before=build.last_count
    )
    try:
        outcome = choose_option(
            clarification, option, catalog, counter=lambda tree: engine.count(tree).count
        )
    except ROOT_ERRORS as error:
        exchange.error = getattr(error, "message", str(error))
        exchange.hint = getattr(error, "hint", None)
    else:
        exchange.outcome, exchange.count_after = outcome, outcome.count
        exchange.changes = outcome.changes
        build.conversation = build.conversation.add(Turn(role="user", text=option.label)).add(
            Turn(role="assistant", text=outcome.explanation, rules=outcome.rules)
        )
    build.exchanges.append(exchange)


def apply_edit(
    build: BuildState, tree: RuleTree, change: str, *, catalog: Catalog, engine: AudienceEngine
) -> list[Issue]:
    """Validate and count a hand-edited tree; on success it becomes the working tree.

    Returns:
        The validator's errors when the edit is refused (the working tree is then unchanged).
    """
    issues = validate_rules(tree, catalog)
    if has_errors(issues):
        return [issue for issue in issues if issue.is_error]
    exchange = Exchange(
        request=change,
        kind="edit",
        rules_before=build.working,
        count_before=build.last_count,
        changes=(change,),
    )
    with st.spinner("Counting…"):
        exchange.count_after = engine.count(tree).count
    build.conversation = build.conversation.add(
        Turn(role="assistant", text=f"Edited by hand: {change}", rules=tree)
    )
    build.exchanges.append(exchange)
    return []


def analyse(
    build: BuildState, tree: RuleTree, *, catalog: Catalog, engine: AudienceEngine
) -> TreeAnalysis:
    """The analysis of ``tree`` for the chosen channel, computed once and kept in the session."""
    current = build.analysis
    if current and current.fingerprint == tree.fingerprint() and current.channel == build.channel:
        return current
    with st.status("Counting, sampling and breaking down…", expanded=False) as status:
        analysis = TreeAnalysis(
            fingerprint=tree.fingerprint(),
            channel=build.channel,
            count=engine.count(tree),
            leave_one_out=list(engine.leave_one_out(tree)),
            waterfall=engine.waterfall(tree, build.channel),
            sample=engine.sample(tree, SAMPLE_SIZE),
        )
        for name in breakdown_defaults(catalog, build.channel):
            analysis.breakdowns[name] = list(engine.breakdown(tree, name))
        status.update(label=f"{analysis.count.count:,} people", state="complete")
    build.analysis = analysis
    return analysis


def breakdown(analysis: TreeAnalysis, tree: RuleTree, name: str, *, engine: AudienceEngine) -> None:
    """Add the breakdown by ``name`` to ``analysis`` if it is not there yet."""
    if name not in analysis.breakdowns:
        with st.spinner(f"Breaking down by {name}…"):
            analysis.breakdowns[name] = list(engine.breakdown(tree, name))
