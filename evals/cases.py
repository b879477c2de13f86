"""Golden cases: one JSON object per line in ``evals/datasets/<name>.jsonl``.

A case is a conversation of user turns, the outcome a planner should reach after the last turn and,
for proposals, the rule tree whose members are the right answer (see ``evals/datasets/README.md``).
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from audience.rules import RuleTree
from evals.errors import DatasetError

DATASETS_DIR = Path(__file__).parent / "datasets"
DEFAULT_DATASETS = ("dev", "heldout_test")


class Category(StrEnum):
    """Intent categories of the golden set."""

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


Outcome = Literal["proposal", "clarification", "refusal"]


class EvalCase(BaseModel):
    """One golden case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    category: Category
    conversation: tuple[str, ...] = Field(min_length=1)
    """User turns, oldest first; the final plan result is scored."""
    expected_outcome: Outcome
    expected_rules: RuleTree | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    dataset: str = ""
    """Name of the file the case came from (filled by the loader)."""

    @model_validator(mode="after")
    def _rules_iff_proposal(self) -> EvalCase:
        if (self.expected_outcome == "proposal") != (self.expected_rules is not None):
            raise ValueError("expected_rules is required for proposals and only for proposals")
        return self

    @property
    def request(self) -> str:
        """The last user turn."""
        return self.conversation[-1]

    @property
    def is_injection(self) -> bool:
        return "injection" in self.tags

    def content_hash(self) -> str:
        """sha256 of what the planner sees (the conversation); the cache key uses it."""
        return hashlib.sha256(json.dumps(list(self.conversation)).encode()).hexdigest()


def dataset_path(name: str, directory: Path | None = None) -> Path:
    """The file of dataset ``name`` (``dev`` → ``evals/datasets/dev.jsonl``)."""
    return (directory or DATASETS_DIR) / f"{name}.jsonl"


def available_datasets(directory: Path | None = None) -> list[str]:
    """Names of the datasets present, sorted."""
    return sorted(path.stem for path in (directory or DATASETS_DIR).glob("*.jsonl"))


def load_cases(name: str, directory: Path | None = None) -> list[EvalCase]:
    """Read one dataset.

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
    cases = [_parse_line(path, number, line) for number, line in _lines(path)]
    _check_unique_ids(path, cases)
    return cases


def _lines(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line) for number, line in enumerate(lines, 1) if line.strip()]


def _parse_line(path: Path, number: int, line: str) -> EvalCase:
    try:
        payload = json.loads(line)
        return EvalCase.model_validate({**payload, "dataset": path.stem})
    except (json.JSONDecodeError, ValidationError) as error:
        raise DatasetError(f"{path.name}:{number}: invalid case: {error}") from error


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
