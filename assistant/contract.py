"""The planner contract: a request plus the conversation becomes a Proposal, a Clarification or a
Refusal. Every planner (offline parser, OpenAI-compatible, local model) returns one of these.
"""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from audience.rules import RuleTree
from schema_catalog import Catalog, Issue


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Turn(_Model):
    """One message of the conversation. Assistant turns carry the tree they proposed."""

    role: Literal["user", "assistant"]
    text: str
    rules: RuleTree | None = None


class Conversation(_Model):
    """The conversation so far, oldest first."""

    turns: tuple[Turn, ...] = ()

    @property
    def last_rules(self) -> RuleTree | None:
        """The most recent proposed tree: what a refinement turn changes."""
        for turn in reversed(self.turns):
            if turn.rules is not None:
                return turn.rules
        return None

    def add(self, turn: Turn) -> Conversation:
        return Conversation(turns=(*self.turns, turn))


class CoverageItem(_Model):
    """Ties a constraint phrase of the request to the rule it became (or to nothing)."""

    phrase: str
    """The words of the request, e.g. 'at least twice'."""
    rule_path: str | None = None
    """Path of the rule in the tree, e.g. 'root.rules[1]'; null when the phrase was dropped."""
    note: str | None = None
    """Why, when it maps to nothing or to something surprising."""


class Usage(_Model):
    """What one plan cost."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    attempts: int = 1
    model: str | None = None


class Proposal(_Model):
    """A validated rule tree with its explanation."""

    status: Literal["proposal"] = "proposal"
    rules: RuleTree
    explanation: str
    assumptions: tuple[str, ...] = ()
    coverage: tuple[CoverageItem, ...] = ()
    changes: tuple[str, ...] = ()
    """For refinements: what changed compared with the previous tree."""
    issues: tuple[Issue, ...] = ()
    """Validator warnings and coverage flags (dropped phrases, rules with no source phrase)."""
    usage: Usage | None = None

    @property
    def dropped_phrases(self) -> tuple[str, ...]:
        return tuple(item.phrase for item in self.coverage if item.rule_path is None)


class ClarificationOption(_Model):
    """One concrete choice, drawn from the catalog."""

    label: str
    """What the button says."""
    request: str
    """The request text to plan when the user picks this option."""


class Clarification(_Model):
    """The planner needs the user to choose before it can propose."""

    status: Literal["clarification"] = "clarification"
    question: str
    term: str | None = None
    """The ambiguous words of the request, e.g. 'active'."""
    options: tuple[ClarificationOption, ...] = ()
    usage: Usage | None = None


class Refusal(_Model):
    """Out of scope or unsafe."""

    status: Literal["refusal"] = "refusal"
    reason: str
    category: Literal["out_of_scope", "unsafe"] = "out_of_scope"
    usage: Usage | None = None


PlanResult = Annotated[Proposal | Clarification | Refusal, Field(discriminator="status")]


class Planner(Protocol):
    """Anything that turns a request into a plan result."""

    name: str

    def plan(
        self, request: str, conversation: Conversation, catalog: Catalog
    ) -> Proposal | Clarification | Refusal: ...
