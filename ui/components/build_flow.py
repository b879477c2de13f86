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


BREAKDOWN_MAX_VALUES = 8
"""Default breakdowns use categorical profile columns with at most this many values."""


def breakdown_defaults(catalog: Catalog, channel: str) -> list[str]:
    """Two small categories of the profile (not personal, not sensitive) and the channel's
    consent flag: whatever the catalog's columns are called.

    >>> from schema_catalog import load_catalog
    >>> breakdown_defaults(load_catalog(), "sms")
    ['customers.gender', 'customers.country', 'consents.sms_optin']
    """
    profile = catalog.profile_table
    small = [
        f"{profile.name}.{column.name}"
        for column in profile.columns
        if column.allowed_values and len(column.allowed_values) <= BREAKDOWN_MAX_VALUES
        and not (column.pii or column.sensitive)
    ][:2]  # fmt: skip
    with contextlib.suppress(LookupError):
        small.append(catalog.channel(channel).consent)
    return small


def waterfall_channel(build: BuildState, catalog: Catalog) -> str:
    """The chosen channel if the catalog has it, else its first channel ('' when none)."""
    if build.channel not in catalog.channel_names:
        build.channel = next(iter(catalog.channel_names), "")
    return build.channel


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
    channel = waterfall_channel(build, catalog)
    current = build.analysis
    if current and current.fingerprint == tree.fingerprint() and current.channel == channel:
        return current
    with st.status("Counting, sampling and breaking down…", expanded=False) as status:
        analysis = TreeAnalysis(
            fingerprint=tree.fingerprint(),
            channel=channel,
            count=engine.count(tree),
            leave_one_out=list(engine.leave_one_out(tree)),
            waterfall=engine.waterfall(tree, channel) if channel else None,
            sample=engine.sample(tree, SAMPLE_SIZE),
        )
        for name in breakdown_defaults(catalog, channel):
            analysis.breakdowns[name] = list(engine.breakdown(tree, name))
        status.update(label=f"{analysis.count.count:,} people", state="complete")
    build.analysis = analysis
    return analysis


def breakdown(analysis: TreeAnalysis, tree: RuleTree, name: str, *, engine: AudienceEngine) -> None:
    """Add the breakdown by ``name`` to ``analysis`` if it is not there yet."""
    if name not in analysis.breakdowns:
        with st.spinner(f"Breaking down by {name}…"):
            analysis.breakdowns[name] = list(engine.breakdown(tree, name))
