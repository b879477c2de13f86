"""The planner contract: a request plus the conversation becomes a Proposal, a Clarification or a
Refusal. Every planner (offline parser, OpenAI-compatible, local model) returns one of these.
"""

from __future__ import annotations

from typing import Annotated, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from audience.rules import RuleTree
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog, Issue, Severity


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Turn(_Model):
    """One message of the conversation. Assistant turns carry the tree they proposed and what
    the user was shown with it before the count."""

    role: Literal["user", "assistant"]
    text: str
    rules: RuleTree | None = None
    notices: tuple[str, ...] = ()
    """The proposal's notices (``Proposal.notices``), e.g. 'recent = in the last 90 days': a
    follow-up that keeps every rule of this tree still shows them."""


class Conversation(_Model):
    """The conversation so far, oldest first."""

    turns: tuple[Turn, ...] = ()

    @property
    def last_rules(self) -> RuleTree | None:
        """The most recent proposed tree: what a refinement turn changes."""
        found = self.last_proposed
        return None if found is None else found[1].rules

    @property
    def last_proposed(self) -> tuple[int, Turn] | None:
        """The turn that proposed the most recent tree, with its position, or None."""
        for index in range(len(self.turns) - 1, -1, -1):
            if self.turns[index].rules is not None:
                return index, self.turns[index]
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
    """A validated rule tree with its explanation.

    What the user sees *before the count* is ``notices``: every assumption the planner made and
    every warning-level issue (coverage flags, an empty audience, a size far from the one the
    request stated, a contradiction). A wrong proposal that carries a notice is flagged; one
    without is a silent error, the failure the trust contract exists to prevent.
    """

    status: Literal["proposal"] = "proposal"
    rules: RuleTree
    explanation: str
    assumptions: tuple[str, ...] = ()
    """Choices made where the request was vague, e.g. 'recent = in the last 90 days'."""
    coverage: tuple[CoverageItem, ...] = ()
    changes: tuple[str, ...] = ()
    """For refinements: what changed compared with the previous tree."""
    issues: tuple[Issue, ...] = ()
    """Validator warnings and trust flags (dropped phrases, rules with no source phrase, empty
    audience, size far from the stated one, contradictory rules)."""
    expected_size: int | None = None
    """The audience size the request said it expects ('around 10,000'), for the size policy."""
    count: int | None = None
    """Members on the current data, when the planning pipeline was given a counter."""
    language: Lang = DEFAULT_LANG
    """Language code of the request; the explanation and notices are in it."""
    usage: Usage | None = None

    @property
    def dropped_phrases(self) -> tuple[str, ...]:
        return tuple(item.phrase for item in self.coverage if item.rule_path is None)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Warning-level issues: shown to the user before the count."""
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def notices(self) -> tuple[str, ...]:
        """Everything the user sees before the count: assumptions, then warning messages."""
        return (*self.assumptions, *(issue.message for issue in self.warnings))

    @property
    def flagged(self) -> bool:
        """True when the proposal tells the user something may not be what they meant."""
        return bool(self.notices)


class ClarificationOption(_Model):
    """One concrete choice: a complete audience the user can pick, with its size."""

    label: str
    """What the button says."""
    rules: RuleTree | None = None
    """The complete rule tree this choice proposes (a preview); picking it proposes it as is."""
    count: int | None = None
    """Members of ``rules`` on the current data, when the planning pipeline counted it."""
    request: str | None = None
    """For a choice without rules (model planners may answer so): the request text to plan."""

    @model_validator(mode="after")
    def _rules_or_request(self) -> ClarificationOption:
        if self.rules is None and not self.request:
            raise ValueError("An option needs 'rules' (a complete tree) or a 'request' text.")
        return self


class Clarification(_Model):
    """The planner needs the user to choose before it can propose."""

    status: Literal["clarification"] = "clarification"
    question: str
    term: str | None = None
    """The ambiguous words of the request, e.g. 'active'."""
    options: tuple[ClarificationOption, ...] = ()
    language: Lang = DEFAULT_LANG
    """Language code of the request; the question is in it."""
    usage: Usage | None = None


RequestKind = Literal["text", "metric", "question", "action", "unknown"]
"""What an out-of-scope request asks for: a text to write, a KPI, a question about data that is
not a set of people, an action on data, or nothing the catalog knows."""


class Refusal(_Model):
    """Out of scope or unsafe."""

    status: Literal["refusal"] = "refusal"
    reason: str
    category: Literal["out_of_scope", "unsafe"] = "out_of_scope"
    asks_for: RequestKind | None = None
    """For out-of-scope requests: what the request asks for instead of an audience."""
    language: Lang = DEFAULT_LANG
    """Language code of the request; the reason is in it."""
    usage: Usage | None = None


PlanResult = Annotated[Proposal | Clarification | Refusal, Field(discriminator="status")]


class Planner(Protocol):
    """Anything that turns a request into a plan result."""

    name: str

    def plan(
        self, request: str, conversation: Conversation, catalog: Catalog
    ) -> Proposal | Clarification | Refusal: ...


@runtime_checkable
class TimedPlanner(Planner, Protocol):
    """A planner whose own time limits (HTTP timeouts, retries) may exceed the planning
    backstop: ``time_limit_s`` is the longest one plan may take."""

    @property
    def time_limit_s(self) -> float: ...
