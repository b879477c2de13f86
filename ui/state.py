"""Typed per-session state: one dataclass stored under ONE key of ``st.session_state``.

Nothing per-user lives anywhere else (not in ``st.cache_resource``, not in module globals): each
browser session gets its own ``AppState`` the first time a page asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import streamlit as st

from assistant import Clarification, ClarificationOption, Conversation, Proposal, Refusal
from audience.engine import BreakdownRow, CountResult, LeaveOneOut, SampleResult, Waterfall
from audience.rules import RuleTree
from languages import DEFAULT_LANG, Lang

STATE_KEY = "perimeter"

Role = Literal["marketer", "reviewer", "admin"]
PlanOutcome = Proposal | Clarification | Refusal


@dataclass(frozen=True)
class SignedInUser:
    """Who the approval store sees: the workspace user name and their role."""

    name: str
    role: Role
    label: str = ""


@dataclass
class Exchange:
    """One step of the Build conversation: a request and what came back, or an edit by hand."""

    request: str
    kind: Literal["request", "edit"] = "request"
    outcome: PlanOutcome | None = None
    changes: tuple[str, ...] = ()
    error: str | None = None
    hint: str | None = None
    rules_before: RuleTree | None = None
    count_before: int | None = None
    count_after: int | None = None


@dataclass
class TreeAnalysis:
    """Everything shown about one tree for one channel, computed once per (tree, channel)."""

    fingerprint: str
    channel: str
    count: CountResult
    leave_one_out: list[LeaveOneOut]
    waterfall: Waterfall | None
    """None when the catalog declares no channel."""
    sample: SampleResult
    breakdowns: dict[str, list[BreakdownRow]] = field(default_factory=dict)


@dataclass
class BuildState:
    """The Build page: the conversation, the exchanges shown, and the display choices.

    Hand edits are appended to the conversation as assistant turns carrying the edited tree, so
    the working tree is always ``conversation.last_rules`` and a refinement refines the edit.
    """

    conversation: Conversation = field(default_factory=Conversation)
    exchanges: list[Exchange] = field(default_factory=list)
    analysis: TreeAnalysis | None = None
    channel: str = ""
    """The channel of the waterfall; '' until the page picks one of the catalog's."""
    dialect: str = "snowflake"
    language: Lang = DEFAULT_LANG
    pending_request: str | None = None
    """A request queued by a clarification button, planned on the next run."""
    pending_choice: tuple[Clarification, ClarificationOption] | None = None
    """A clarification option picked by its button (a complete tree), proposed on the next run."""
    notice: str | None = None
    draft_id: int | None = None
    """The audience created from the working tree whose submission still needs a reason."""
    draft_fingerprint: str | None = None

    @property
    def working(self) -> RuleTree | None:
        """The tree on screen: the last proposal plus any edits made by hand."""
        return self.conversation.last_rules

    @property
    def last_count(self) -> int | None:
        """The count of the working tree when it was made."""
        for exchange in reversed(self.exchanges):
            if exchange.count_after is not None:
                return exchange.count_after
        return None

    def reset(self) -> None:
        """Start a new conversation (keeps the display choices)."""
        self.conversation = Conversation()
        self.exchanges.clear()
        self.analysis = None
        self.pending_request = None
        self.pending_choice = None
        self.notice = None
        self.draft_id = None
        self.draft_fingerprint = None


@dataclass
class AudiencesState:
    """The Audiences page: which audience is open, the last export and its file."""

    selected_id: int | None = None
    export_name: str | None = None
    export_bytes: bytes | None = None
    export_rows: int | None = None
    export_audience_id: int | None = None
    notice: str | None = None


@dataclass
class ReviewState:
    """The Review page: which request is open and the last decision's outcome."""

    selected_id: int | None = None
    notice: str | None = None


@dataclass
class AppState:
    """Everything one browser session holds."""

    user: SignedInUser | None = None
    session_token: str | None = None
    """This browser session's sign-in token (also in the URL, so a refresh keeps it)."""
    build: BuildState = field(default_factory=BuildState)
    review: ReviewState = field(default_factory=ReviewState)
    audiences: AudiencesState = field(default_factory=AudiencesState)

    def sign_out(self) -> None:
        """Forget the user and everything they were doing."""
        self.user = None
        self.session_token = None
        self.build = BuildState()
        self.review = ReviewState()
        self.audiences = AudiencesState()


def app_state() -> AppState:
    """This session's state, created on first use."""
    state = st.session_state.get(STATE_KEY)
    if not isinstance(state, AppState):
        state = AppState()
        st.session_state[STATE_KEY] = state
    return state
