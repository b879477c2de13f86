"""Typed per-session state: one dataclass stored under ONE key of ``st.session_state``.

Nothing per-user lives anywhere else (not in ``st.cache_resource``, not in module globals): each
browser session gets its own ``AppState`` the first time a page asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import streamlit as st

from assistant import ChatLog, Clarification, ClarificationOption, Proposal, Refusal
from audience.engine import BreakdownRow, CountResult, LeaveOneOut, SampleResult, Waterfall
from audience.rules import ConditionDraft, RuleTree

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
class TreeAnalysis:
    """Everything shown about one tree for one channel, computed once per (tree, channel)."""

    fingerprint: str
    channel: str
    count: CountResult
    leave_one_out: list[LeaveOneOut]
    waterfall: Waterfall
    """For ``channel``: the headline (who will receive it). A catalog without channels gets no
    analysis panel (the tree can only be saved as a segment)."""
    sample: SampleResult
    breakdowns: dict[str, list[BreakdownRow]] = field(default_factory=dict)
    """Counted when the Breakdowns tab is first opened for this tree and channel, then kept."""


@dataclass
class BuildState:
    """The Build page: the conversation log, the analysis on screen and the display choices.

    The log (``assistant.ChatLog``) is the source of truth: the working tree, the planner's
    conversation and the reviewer's history are read from it, and it is saved to the state store
    after every step, so a refresh or a new sign-in finds it again.
    """

    log: ChatLog = field(default_factory=ChatLog)
    loaded_for: str | None = None
    """The user whose stored log was loaded into this session (loaded once per user)."""
    analysis: TreeAnalysis | None = None
    channel: str | None = None
    """The one channel choice: it drives the headline, the waterfall, the size flags and the
    submission. None until the page picks the catalog's first channel."""
    channel_of: str | None = None
    """The fingerprint of the tree the choice was last made for: a new tree naming a channel
    selects it, the same tree keeps the user's pick."""
    dialect: str = "snowflake"
    language: str = "en"
    """The language of the last request: the answer card and the perimeter are written in it."""
    pending_request: str | None = None
    """A request queued by a clarification option without a tree, planned on the next run."""
    pending_choice: tuple[Clarification, ClarificationOption] | None = None
    """A clarification option picked by its button (a complete tree), proposed on the next run."""
    builder: BuilderState = field(default_factory=lambda: BuilderState())
    notice: str | None = None
    draft_id: int | None = None
    """The audience created from the working tree whose submission still needs a reason."""
    draft_fingerprint: str | None = None

    @property
    def working(self) -> RuleTree | None:
        """The tree on screen: the last proposal plus any edits made by hand."""
        return self.log.working

    @property
    def revising(self) -> int | None:
        """The id of the saved audience this conversation revises, if any."""
        return self.log.audience_id

    def reset(self, log: ChatLog | None = None) -> None:
        """Start a new conversation, or continue ``log`` (keeps the display choices)."""
        self.log = log or ChatLog()
        self.analysis = None
        self.pending_request = None
        self.pending_choice = None
        self.builder = BuilderState()
        self.notice = None
        self.draft_id = None
        self.draft_fingerprint = None


@dataclass
class BuilderState:
    """The condition builder beside the chat: which condition is open and its draft."""

    editing: int | None = None
    """Index of the top-level condition being edited; None while adding a new one."""
    draft: ConditionDraft | None = None
    """The condition as the widgets hold it (None while no editor is open)."""
    nonce: int = 0
    """Bumped when an editor opens, so its widgets start from the draft, not from old state."""


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
    breakdowns_of: str | None = None
    """The fingerprint and channel the kept breakdowns were counted for."""
    breakdowns: dict[str, list[BreakdownRow]] = field(default_factory=dict)
    """Counted when the open request's Breakdown section is first opened, then kept."""

    def kept_breakdowns(self, tree: RuleTree, channel: str | None) -> dict[str, list[BreakdownRow]]:
        """The breakdowns kept for ``tree`` on ``channel`` (emptied when either changes)."""
        wanted = f"{tree.fingerprint()}:{channel}"
        if self.breakdowns_of != wanted:
            self.breakdowns_of, self.breakdowns = wanted, {}
        return self.breakdowns


@dataclass
class AppState:
    """Everything one browser session holds."""

    user: SignedInUser | None = None
    session_token: str | None = None
    """This browser session's sign-in token (also in the URL, so a refresh keeps it)."""
    build: BuildState = field(default_factory=BuildState)
    review: ReviewState = field(default_factory=ReviewState)
    audiences: AudiencesState = field(default_factory=AudiencesState)
    language_choice: str | None = None
    """The language the user picked in the sidebar (kept in the URL); None follows the request."""
    language: str = "en"
    """The language this page speaks (``ui.components.app_words.use_language``)."""

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
