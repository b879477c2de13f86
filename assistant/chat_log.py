"""The Build conversation as the user saw it: each step and what came back, kept in the store.

A ``ChatLog`` is the list of ``ChatStep``s — a request and the planner's answer, a clarification
option picked, or an edit made by hand in the condition builder — plus the audience it revises,
if any. The planner's ``Conversation`` is derived from it, so undoing a step takes it out of both.
The log is saved as JSON in the workflow store (``audience.workflow.conversations``): per user
(the working conversation, which outlives a refresh) and per saved audience version (the history
a reviewer reads, and what Revise reopens).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.contract import Clarification, Conversation, PlanResult, Proposal, Refusal, Turn
from audience.rules import RuleTree
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    Store,
    conversations,
)
from languages import Wording
from schema_catalog import Issue

StepKind = Literal["request", "choice", "edit"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChatStep(_Model):
    """One step: a request (or a picked option) and its outcome, or an edit made by hand."""

    kind: StepKind = "request"
    text: str
    """The request, the label of the option picked, or the edit in words."""
    outcome: PlanResult | None = None
    """What the planner answered (requests and options); None for edits and failures."""
    rules: RuleTree | None = None
    """The working tree after this step (the proposal's tree, or the edited tree)."""
    rules_before: RuleTree | None = None
    count_before: int | None = None
    count_after: int | None = None
    """People matching the working tree before and after this step."""
    error: str | None = None
    hint: str | None = None
    error_wording: Wording | None = None
    hint_wording: Wording | None = None
    """The failure as phrases and values (a page says them in its own language; ``error`` and
    ``hint`` are the English text), when the error carried them."""
    issues: tuple[Issue, ...] = ()
    """The validator's errors when planning failed on an invalid tree (said like the wording)."""

    @property
    def failed(self) -> bool:
        """True when planning failed: the step changed nothing."""
        return self.error is not None


class HistoryItem(_Model):
    """One line of an audience's history as a reviewer reads it."""

    kind: StepKind
    text: str
    count: int | None = None


class ChatLog(_Model):
    """The steps of one Build conversation, oldest first, and the audience it revises."""

    steps: tuple[ChatStep, ...] = ()
    audience_id: int | None = None
    """The saved audience this conversation revises (Revise); None for a new audience."""

    def add(self, step: ChatStep) -> ChatLog:
        """This log with ``step`` appended."""
        return self.model_copy(update={"steps": (*self.steps, step)})

    def undo(self) -> ChatLog:
        """This log without its last step."""
        return self.model_copy(update={"steps": self.steps[:-1]})

    @property
    def conversation(self) -> Conversation:
        """The planner's view: user and assistant turns of the steps that did not fail."""
        turns: list[Turn] = []
        for step in self.steps:
            turns += _turns(step)
        return Conversation(turns=tuple(turns))

    @property
    def working(self) -> RuleTree | None:
        """The tree on screen: the last step's tree."""
        return next((s.rules for s in reversed(self.steps) if s.rules is not None), None)

    @property
    def last_count(self) -> int | None:
        """The matching count of the working tree when it was made."""
        return next((s.count_after for s in reversed(self.steps) if s.rules is not None), None)

    def history(self) -> tuple[HistoryItem, ...]:
        """The steps that shaped the audience (failures left out), for the reviewer."""
        return tuple(
            HistoryItem(kind=s.kind, text=s.text, count=s.count_after)
            for s in self.steps
            if not s.failed
        )


def _assistant_text(outcome: Proposal | Clarification | Refusal) -> str:
    match outcome:
        case Proposal():
            return outcome.explanation
        case Clarification():
            return outcome.question
        case Refusal():
            return outcome.reason


def _turns(step: ChatStep) -> list[Turn]:
    if step.failed:
        return []
    if step.kind == "edit":
        return [Turn(role="assistant", text=f"Edited by hand: {step.text}", rules=step.rules)]
    answer = [] if step.outcome is None else [_answer(step.outcome, step.rules)]
    return [Turn(role="user", text=step.text), *answer]


def _answer(outcome: Proposal | Clarification | Refusal, rules: RuleTree | None) -> Turn:
    notices = outcome.notices if isinstance(outcome, Proposal) else ()
    return Turn(role="assistant", text=_assistant_text(outcome), rules=rules, notices=notices)


def save_chat(store: Store, user_name: str, log: ChatLog) -> None:
    """Keep ``log`` as ``user_name``'s working conversation."""
    conversations.save_working(store, user_name, log.model_dump_json())


def load_chat(store: Store, user_name: str) -> ChatLog:
    """``user_name``'s working conversation (empty when they have none)."""
    body = conversations.load_working(store, user_name)
    return ChatLog() if body is None else ChatLog.model_validate_json(body)


def save_version_chat(store: Store, audience_id: int, version: int, log: ChatLog) -> None:
    """Record ``log`` as the conversation behind ``version`` of the audience."""
    conversations.save_for_version(store, audience_id, version, log.model_dump_json())


def version_chat(store: Store, audience_id: int, version: int) -> tuple[int, ChatLog] | None:
    """The conversation behind ``version`` (or the last one before it) and the version it was
    recorded for; None when the audience was never built in a conversation."""
    found = conversations.load_for_version(store, audience_id, version)
    if found is None:
        return None
    recorded, body = found
    return recorded, ChatLog.model_validate_json(body)


def save_audience(
    service: AudienceService, user_name: str, log: ChatLog, tree: RuleTree, *,
    name: str, expected_size: int | None = None,
) -> tuple[AudienceRecord, ChatLog]:  # fmt: skip
    """Save the conversation's tree as an audience ready to submit: a new one, or the next
    version of the one the log revises, with the conversation kept beside the version.

    ``tree`` carries the channel. A new audience is created (in draft) with ``name`` and
    ``expected_size``; a revision keeps the audience's name, channel and stated size, takes a
    pending request back to draft, and saves a new version only when the tree differs from the
    current draft (a retry after a refused submission adds none).

    Returns:
        The audience (in draft) and the log now attached to it (``audience_id`` set), so the next
        change revises the same audience.
    """
    if log.audience_id is None:
        channel = None if tree.channel is None else str(tree.channel)
        record = service.create(
            user_name, name, tree, channel=channel, expected_size=expected_size,
            request_text=_first_request(log),
        )  # fmt: skip
    else:
        record = _revise(service, user_name, log.audience_id, tree)
    attached = log.model_copy(update={"audience_id": record.audience_id})
    save_version_chat(service.store, record.audience_id, record.version, attached)
    return record, attached


def _revise(
    service: AudienceService, user_name: str, audience_id: int, tree: RuleTree
) -> AudienceRecord:
    record = service.get(audience_id)
    if record.state is AudienceState.PENDING_REVIEW:
        record = service.withdraw(user_name, audience_id)
    current = service.version(audience_id)
    if current.fingerprint != tree.fingerprint() or record.state is not AudienceState.DRAFT:
        record = service.edit(user_name, audience_id, tree, note="revised in Build")
    return record


def _first_request(log: ChatLog) -> str | None:
    return next((s.text for s in log.steps if s.kind == "request" and not s.failed), None)


def revision_chat(service: AudienceService, audience_id: int) -> ChatLog:
    """The conversation to reopen an audience in Build: the one behind its current version
    (or the last one recorded), else one step holding the current tree; attached to the audience
    so the next submission is its next version."""
    record, current = service.get(audience_id), service.version(audience_id)
    found = version_chat(service.store, audience_id, record.version)
    if found is not None and _same_audience(found[1].working, current.rules):
        log = found[1]
    else:
        opened = ChatStep(
            kind="edit", text=f"opened version {record.version} of “{record.name}”",
            rules=current.rules, count_after=service.engine.count(current.rules).count,
        )  # fmt: skip
        log = (found[1] if found is not None else ChatLog()).add(opened)
    return log.model_copy(update={"audience_id": audience_id})


def _same_audience(working: RuleTree | None, saved: RuleTree) -> bool:
    """True when the conversation's tree is the saved one (which carries the channel too)."""
    return working is not None and working.updated(channel=saved.channel) == saved
