"""The Build page's actions: plan a request, pick an option, apply a hand edit, undo, analyse.

Each action calls the packages (planner, validator, engine), appends a step to the session's
``ChatLog`` and saves the log to the state store, so the conversation survives a refresh. Nothing
here decides what an audience means.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import streamlit as st

from assistant import (
    ChatLog,
    ChatStep,
    Clarification,
    ClarificationOption,
    Proposal,
    choose_option,
    load_chat,
    make_planner,
    plan,
    request_language,
    save_chat,
)
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.validate import validate_rules
from audience.workflow import Store
from languages import WordedError
from schema_catalog import Catalog, Issue, has_errors
from settings import Settings
from ui.components.app_words import words
from ui.components.errors import ROOT_ERRORS
from ui.state import BuildState, TreeAnalysis

SAMPLE_SIZE = 10


@dataclass(frozen=True)
class BuildContext:
    """What every Build action works with: the shared catalog and engine, this workspace's
    settings and store, and the signed-in user whose conversation it is."""

    catalog: Catalog
    engine: AudienceEngine
    settings: Settings
    store: Store
    user_name: str

    def count(self, tree: RuleTree) -> int:
        """People matching ``tree``."""
        return self.engine.count(tree).count


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


def restore(build: BuildState, store: Store, user_name: str) -> None:
    """Load the user's stored conversation once per session (after a refresh or a sign-in)."""
    if build.loaded_for == user_name:
        return
    build.reset(load_chat(store, user_name))
    build.loaded_for = user_name
    build.language = log_language(build.log)


def current_proposal(build: BuildState) -> Proposal | None:
    """The planner's proposal the working tree still is (None once edited by hand)."""
    for step in reversed(build.log.steps):
        if isinstance(step.outcome, Proposal):
            return step.outcome if step.outcome.rules == build.working else None
    return None


def log_language(log: ChatLog) -> str:
    """The language of the last request: the planner's word for it, else detected (also for a
    request whose planning failed, so its error speaks its language); the default language for
    a log without one."""
    for step in reversed(log.steps):
        if step.kind == "edit" or (step.outcome is None and step.kind != "request"):
            continue
        if step.outcome is None:
            return request_language(step.text)
        said = step.outcome.language
        return said if said != "en" or step.kind == "choice" else request_language(step.text)
    return "en"


def _record(build: BuildState, ctx: BuildContext, step: ChatStep) -> None:
    build.log = build.log.add(step)
    build.language = log_language(build.log)
    save_chat(ctx.store, ctx.user_name, build.log)


def answer(build: BuildState, ctx: BuildContext, request: str | None) -> None:
    """Plan what was asked since the last run: ``request`` (just sent in the chat), else the
    request or the option a clarification's button queued."""
    if build.pending_request and not request:
        request, build.pending_request = build.pending_request, None
    if build.pending_choice and not request:
        (asked, option), build.pending_choice = build.pending_choice, None
        choose(build, ctx, asked, option)
    if request:
        ask(build, ctx, request)


def ask(build: BuildState, ctx: BuildContext, request: str) -> None:
    """Plan ``request`` in the conversation so far, count a proposal, record the step."""
    step = ChatStep(text=request, rules_before=build.working, count_before=build.log.last_count)
    try:
        with st.spinner(words().chat.planning):
            outcome = plan(
                request, build.log.conversation, ctx.catalog,
                planner=make_planner(ctx.settings.llm), counter=ctx.count,
            )  # fmt: skip
    except ROOT_ERRORS as error:
        step = step.model_copy(update=_failure(error))
    else:
        rules = outcome.rules if isinstance(outcome, Proposal) else None
        count = outcome.count if isinstance(outcome, Proposal) else None
        step = step.model_copy(update={"outcome": outcome, "rules": rules, "count_after": count})
    _record(build, ctx, step)


def choose(
    build: BuildState, ctx: BuildContext, clarification: Clarification, option: ClarificationOption
) -> None:
    """Propose the complete tree of a picked clarification option, counted."""
    step = ChatStep(
        kind="choice", text=option.label, rules_before=build.working,
        count_before=build.log.last_count,
    )  # fmt: skip
    try:
        outcome = choose_option(clarification, option, ctx.catalog, counter=ctx.count)
    except ROOT_ERRORS as error:
        step = step.model_copy(update=_failure(error))
    else:
        update = {"outcome": outcome, "rules": outcome.rules, "count_after": outcome.count}
        step = step.model_copy(update=update)
    _record(build, ctx, step)


def _failure(error: Exception) -> dict[str, object]:
    issues = tuple(issue for issue in getattr(error, "issues", ()) if issue.is_error)
    failure = {"error": getattr(error, "message", str(error)), "hint": getattr(error, "hint", None)}
    if isinstance(error, WordedError):
        failure |= {"error_wording": error.wording, "hint_wording": error.hint_wording}
    return {**failure, "issues": issues}


def apply_edit(build: BuildState, ctx: BuildContext, tree: RuleTree, change: str) -> list[Issue]:
    """Validate and count a hand-edited tree; on success it becomes the working tree.

    Returns:
        The validator's errors when the edit is refused (the working tree is then unchanged).
    """
    issues = validate_rules(tree, ctx.catalog)
    if has_errors(issues):
        return [issue for issue in issues if issue.is_error]
    step = ChatStep(
        kind="edit", text=change, rules=tree, rules_before=build.working,
        count_before=build.log.last_count, count_after=ctx.count(tree),
    )  # fmt: skip
    _record(build, ctx, step)
    return []


def undo(build: BuildState, ctx: BuildContext) -> None:
    """Take the last step back (out of the chat, the tree and the reviewer's history)."""
    build.log = build.log.undo()
    build.builder.editing = build.builder.draft = None
    build.language = log_language(build.log)
    save_chat(ctx.store, ctx.user_name, build.log)


def start_over(build: BuildState, store: Store, user_name: str, log: ChatLog | None = None) -> None:
    """A new conversation (or ``log``, e.g. an audience reopened to revise it), saved."""
    build.reset(log)
    build.loaded_for = user_name
    build.language = log_language(build.log)
    save_chat(store, user_name, build.log)


def analyse(
    build: BuildState, tree: RuleTree, channel: str, *, engine: AudienceEngine
) -> TreeAnalysis:
    """The analysis of ``tree`` for ``channel``, computed once and kept in the session.

    A ranked audience is analysed as it will be submitted, for ``channel``: its top N are
    ranked among the profiles reachable there, so the waterfall shows N contactable people.
    """
    tree = tree.ranked_for(channel)
    current = build.analysis
    if current and current.fingerprint == tree.fingerprint() and current.channel == channel:
        return current
    with st.spinner(words().chat.counting):
        build.analysis = compute_analysis(tree, channel, engine=engine)
    return build.analysis


def compute_analysis(tree: RuleTree, channel: str, *, engine: AudienceEngine) -> TreeAnalysis:
    """What the page shows first about ``tree`` for ``channel``: the count, each condition's
    weight, the waterfall (the headline) and the masked sample. Breakdowns are counted when
    their tab is opened (``breakdown``)."""
    return TreeAnalysis(
        fingerprint=tree.fingerprint(),
        channel=channel,
        count=engine.count(tree),
        leave_one_out=list(engine.leave_one_out(tree)),
        waterfall=engine.waterfall(tree, channel),
        sample=engine.sample(tree, SAMPLE_SIZE),
    )


def breakdown(analysis: TreeAnalysis, tree: RuleTree, name: str, *, engine: AudienceEngine) -> None:
    """Add the breakdown by ``name`` to ``analysis`` if it is not there yet."""
    if name not in analysis.breakdowns:
        with st.spinner(words().chat.breaking_down.format(field=name)):
            analysis.breakdowns[name] = list(engine.breakdown(tree, name))
