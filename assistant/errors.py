"""Errors raised by the assistant package.

Every exception the assistant raises derives from :class:`AssistantError`, so callers (the CLI,
the UI, the eval runner) can catch one type at the boundary. Third-party errors (HTTP clients,
JSON decoding) are translated into a subclass once, where they happen.
"""

from __future__ import annotations

from collections.abc import Sequence

from languages import WordedError
from schema_catalog import Issue


class AssistantError(Exception):
    """Root of every error raised by the assistant package."""


class PlanningError(AssistantError):
    """A planner produced a rule tree that the validator rejects.

    Carries the validator's issues so the caller can show them or feed them back.
    """

    def __init__(self, message: str, issues: Sequence[Issue] = ()) -> None:
        super().__init__(message)
        self.issues: list[Issue] = list(issues)


class RepairExhaustedError(PlanningError):
    """A model kept producing invalid rule trees after the maximum number of repair attempts.

    Carries the issues of the last attempt.
    """


class ModelCallError(AssistantError):
    """The language-model server could not be reached or answered with an HTTP error.

    Raised after the client's own retries (429 and 5xx are retried with backoff).
    """


class ModelTimeoutError(ModelCallError):
    """The language-model server did not answer within the configured timeout."""


class PlannerConfigError(AssistantError):
    """The chosen planner cannot be built from the settings (e.g. no API key for 'openai')."""


class RequestRejectedError(AssistantError, WordedError):
    """The request cannot be planned as given: too long, empty, or it ran past the time budget.

    Its message is a wording (``languages/<code>/problems.yml``), said in the page's language."""
