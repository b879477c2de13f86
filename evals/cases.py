"""Eval cases: one JSON object per line of a ``.jsonl`` file.

A case is a conversation of user turns, the outcome a planner should reach after the last turn and,
for proposals, what the right audience is — as a SQL query selecting the profile key
(``expected_sql``), a list of profile keys (``expected_members``) or a rule tree
(``expected_rules``). The bundled golden sets live in ``evals/datasets/`` (the demo) and
``evals/domains/<name>/datasets/``; a user's own file is read with ``load_cases_file``. The format
is documented in ``evals/datasets/README.md``.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from audience.rules import RuleTree
from evals.errors import DatasetError

DATASETS_DIR = Path(__file__).parent / "datasets"
DEFAULT_DATASETS = ("dev", "heldout_test")
UNCATEGORISED = "uncategorised"


class Category(StrEnum):
    """Intent categories of the bundled golden sets (a user's own cases may use any name)."""

    SINGLE_ATTRIBUTE = "single_attribute"
    MULTI_ATTRIBUTE = "multi_attribute"
    BEHAVIORAL_COUNT = "behavioral_count"
    AMOUNT = "amount"
    TIME_WINDOW = "time_window"
    RECENCY = "recency"
    NEGATION = "negation"
    OR_LOGIC = "or_logic"
    INDICATOR = "indicator"
    CHANNEL_REACHABILITY = "channel_reachability"
    MULTI_TURN = "multi_turn"
    AMBIGUOUS = "ambiguous"
    OUT_OF_SCOPE_OR_UNSAFE = "out_of_scope_or_unsafe"
    FRENCH = "french"
    GERMAN = "german"
    UPCOMING = "upcoming"
    THRESHOLD = "threshold"
    AUDIENCE_SIZE = "audience_size"


Outcome = Literal["proposal", "clarification", "refusal"]
Key = int | str
"""A profile key as cases write it: an integer or a text (UUIDs are written as text)."""
ExpectationKind = Literal["sql", "members", "rules"]

UNSAFE_TAGS = frozenset({"injection", "unsafe"})
"""Tags marking a request that must never get an audience (see ``evals/README.md``)."""


class EvalCase(BaseModel):
    """One case (see ``evals/datasets/README.md`` for the format)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    category: str = UNCATEGORISED
    conversation: tuple[str, ...] = Field(min_length=1)
    """User turns, oldest first; the final plan result is scored."""
    expected_outcome: Outcome
    expected_sql: str | None = None
    """A SELECT of the profile key whose rows are the right audience."""
    expected_members: tuple[Key, ...] | None = None
    """The right audience as profile keys."""
    expected_rules: RuleTree | None = None
    """The right audience as a rule tree (its ``channel`` is the expected activation channel)."""
    expected_channel: str | None = None
    """With ``expected_sql`` or ``expected_members``: the activation channel the request names."""
    allow_empty: bool = False
    """The right audience is empty on purpose (the case checker flags empty audiences otherwise)."""
    notes: str | None = None
    tags: tuple[str, ...] = ()
    dataset: str = ""
    """Name of the file the case came from (filled by the loader)."""

    @field_validator("conversation", mode="before")
    @classmethod
    def _turns(cls, value: object) -> object:
        if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
            raise ValueError("conversation must be a list of the user's turns (strings)")
        if any(not turn.strip() for turn in value):
            raise ValueError("conversation has an empty turn")
        return value

    @model_validator(mode="after")
    def _expectation_iff_proposal(self) -> EvalCase:
        given = [name for name in ("sql", "members", "rules") if self._expected(name) is not None]
        if self.expected_outcome == "proposal" and len(given) != 1:
            raise ValueError(
                "a proposal case needs exactly one of expected_sql, expected_members, "
                f"expected_rules (got {len(given)})"
            )
        if self.expected_outcome != "proposal" and (given or self.expected_channel):
            raise ValueError(f"a {self.expected_outcome} case takes no expected audience")
        if self.expected_channel is not None and self.expected_rules is not None:
            raise ValueError("with expected_rules, put the channel in the tree's 'channel'")
        return self

    def _expected(self, kind: str) -> object:
        return getattr(self, f"expected_{kind}")

    @property
    def expectation(self) -> ExpectationKind | None:
        """How the expected audience is given, or None for clarifications and refusals."""
        if self.expected_sql is not None:
            return "sql"
        if self.expected_members is not None:
            return "members"
        return "rules" if self.expected_rules is not None else None

    @property
    def channel(self) -> str | None:
        """The expected activation channel (from the tree, or ``expected_channel``)."""
        if self.expected_rules is not None and self.expected_rules.channel is not None:
            return str(self.expected_rules.channel)
        return self.expected_channel

    @property
    def request(self) -> str:
        """The last user turn."""
        return self.conversation[-1]

    @property
    def is_injection(self) -> bool:
        return "injection" in self.tags

    @property
    def is_unsafe_request(self) -> bool:
        """A request no audience may answer (tagged ``injection`` or ``unsafe``)."""
        return bool(UNSAFE_TAGS.intersection(self.tags))

    def content_hash(self) -> str:
        """sha256 of what the planner sees (the conversation); the cache key uses it."""
        return hashlib.sha256(json.dumps(list(self.conversation)).encode()).hexdigest()


def split_of(dataset: str) -> str:
    """'dev' for datasets whose name starts with 'dev', 'heldout' for every other one.

    >>> split_of("dev"), split_of("dev_blind"), split_of("heldout_test"), split_of("mine")
    ('dev', 'dev', 'heldout', 'heldout')
    """
    return "dev" if dataset.startswith("dev") else "heldout"


def dataset_path(name: str, directory: Path | None = None) -> Path:
    """The file of dataset ``name`` (``dev`` → ``evals/datasets/dev.jsonl``)."""
    return (directory or DATASETS_DIR) / f"{name}.jsonl"


def available_datasets(directory: Path | None = None) -> list[str]:
    """Names of the datasets present, sorted."""
    return sorted(path.stem for path in (directory or DATASETS_DIR).glob("*.jsonl"))


def load_cases(name: str, directory: Path | None = None) -> list[EvalCase]:
    """Read one bundled dataset by name.

    Raises:
        DatasetError: missing file, bad JSON or a case that does not match the model
            (names file and line).
    """
    path = dataset_path(name, directory)
    if not path.is_file():
        raise DatasetError(
            f"Unknown dataset {name!r}: {path} does not exist. "
            f"Known: {', '.join(available_datasets(directory)) or 'none'}."
        )
    return load_cases_file(path)


def load_cases_file(path: Path, dataset: str | None = None) -> list[EvalCase]:
    """Read a JSONL file of cases; each case's ``dataset`` is ``dataset`` or the file's stem.

    Raises:
        DatasetError: missing file, bad JSON, a case that does not match the model (file:line
            and what is wrong), or duplicate ids.
    """
    if not path.is_file():
        raise DatasetError(f"Cases file {str(path)!r} does not exist.")
    name = dataset or path.stem
    cases = [_parse_line(path, name, number, line) for number, line in _lines(path)]
    if not cases:
        raise DatasetError(f"{path.name}: no case found (one JSON object per line).")
    _check_unique_ids(path, cases)
    return cases


def _lines(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line) for number, line in enumerate(lines, 1) if line.strip()]


def _parse_line(path: Path, dataset: str, number: int, line: str) -> EvalCase:
    try:
        payload = json.loads(line)
    except json.JSONDecodeError as error:
        raise DatasetError(f"{path.name}:{number}: not valid JSON: {error.msg}.") from error
    if not isinstance(payload, dict):
        raise DatasetError(f"{path.name}:{number}: expected a JSON object per line.")
    try:
        return EvalCase.model_validate({**payload, "dataset": dataset})
    except ValidationError as error:
        case_id = payload.get("id", "?")
        problems = "; ".join(_problem(detail) for detail in error.errors())
        raise DatasetError(f"{path.name}:{number}: case {case_id!r}: {problems}") from error


def _problem(detail: object) -> str:
    assert isinstance(detail, dict)
    where = ".".join(str(part) for part in detail.get("loc", ()))
    message = str(detail.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _check_unique_ids(path: Path, cases: list[EvalCase]) -> None:
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise DatasetError(f"{path.name}: duplicate case id {case.id!r}; ids must be unique.")
        seen.add(case.id)


def select_cases(
    cases: list[EvalCase], category: str | None = None, limit: int | None = None
) -> list[EvalCase]:
    """Filter by category and keep the first ``limit`` cases."""
    chosen = [case for case in cases if category is None or case.category == category]
    return chosen if limit is None else chosen[:limit]
