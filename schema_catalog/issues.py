"""The one issue type that catalog checks, the rule validator, the UI and the evals all speak."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from languages import Wording, say, word


class Severity(StrEnum):
    """How bad an issue is: errors block, warnings are shown, info is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Issue(BaseModel):
    """One problem found by a check.

    Tests assert on ``code`` and ``path``; ``message`` and ``hint`` are for people and models.

    >>> Issue(code="unknown_field", path="root.rules[0]", message="Unknown field.").is_error
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity = Severity.ERROR
    path: str
    message: str
    hint: str | None = None
    wording: Wording | None = None
    """The message as a phrase of ``problems.yml`` and its values, so a page can say it in its
    own language; None for issues worded in English only."""
    hint_wording: Wording | None = None
    """The hint as a phrase and its values (see ``wording``)."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def render(self) -> str:
        """One line for terminals and prompts: ``error unknown_field at path: message (hint)``."""
        tail = f" Hint: {self.hint}" if self.hint else ""
        return f"{self.severity.value} {self.code} at {self.path}: {self.message}{tail}"


def make_issue(
    code: str, path: str, message: str, hint: str | None = None, *, warn: bool = False
) -> Issue:
    """An error issue (a warning with ``warn=True``); the catalog checks' shorthand."""
    severity = Severity.WARNING if warn else Severity.ERROR
    return Issue(code=code, severity=severity, path=path, message=message, hint=hint)


def worded_issue(
    code: str,
    path: str,
    message: Wording,
    hint: Wording | None = None,
    *,
    severity: Severity = Severity.ERROR,
) -> Issue:
    """An issue whose message and hint are phrases of the language packs (English text kept).

    >>> worded_issue("unknown_field", "root.field", say("unknown_field", field="x.y")).message
    "Unknown field 'x.y'."
    """
    return Issue(
        code=code, severity=severity, path=path, message=word(message),
        hint=None if hint is None else word(hint), wording=message, hint_wording=hint,
    )  # fmt: skip


def did_you_mean(
    value: str, candidates: Sequence[str], otherwise: Wording | None = None
) -> Wording | None:
    """'Did you mean …?' with the closest candidate as a wording, else ``otherwise``.

    >>> did_you_mean("customers.contry", ["customers.country"]).params
    {'suggestion': 'customers.country'}
    """
    match = closest_match(value, candidates)
    return say("did_you_mean", suggestion=match) if match else otherwise


def has_errors(issues: Iterable[Issue]) -> bool:
    """True when any issue is an error."""
    return any(issue.is_error for issue in issues)


def closest_hint(value: str, candidates: Sequence[str], *, cutoff: float = 0.5) -> str | None:
    """'Did you mean …?' with the closest candidate, or None.

    >>> closest_hint("customers.contry", ["customers.country", "orders.amount"])
    "Did you mean 'customers.country'?"
    """
    match = closest_match(value, candidates, cutoff=cutoff)
    return f"Did you mean {match!r}?" if match else None


def closest_match(value: str, candidates: Sequence[str], *, cutoff: float = 0.5) -> str | None:
    """The candidate closest to ``value``, or None when none is close enough.

    >>> closest_match("customers.contry", ["customers.country", "orders.amount"])
    'customers.country'
    """
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None
