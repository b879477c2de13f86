"""Errors of the audience package: one root, a docstring per subclass.

Third-party errors (sqlglot, DuckDB) are translated into these once, at the boundary that calls
them. Messages say what went wrong, which value, and what to do. Each error carries its message
(and hint) as a ``Wording``: a phrase of ``languages/<code>/problems.yml`` and its values, so the
command line and the model read the English phrase and a page says it in its own language.
"""

from __future__ import annotations

from collections.abc import Sequence

from languages import WordedError, Wording, say
from schema_catalog import Issue


class AudienceError(WordedError):
    """Root of every error raised by ``audience``; ``code`` is its message's phrase key."""


class RuleValidationError(AudienceError, ValueError):
    """A rule tree has validation errors; ``issues`` holds every issue found (errors and others)."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        errors = [issue for issue in issues if issue.is_error]
        first = errors[0].render() if errors else "-"
        super().__init__(
            say("rules_invalid", errors=len(errors), first=first), hint=say("rules_invalid_hint")
        )
        self.issues: list[Issue] = list(issues)


class InputFileError(AudienceError, ValueError):
    """An input file is missing, not a regular file (FIFO, device), too big or unreadable."""


class RuleFormatError(AudienceError, ValueError):
    """Text is not a rule tree in the exchange format; ``issues`` says where (code + path)."""

    def __init__(
        self, message: Wording, issues: Sequence[Issue], *, hint: Wording | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.issues: list[Issue] = list(issues)


class RulePathError(AudienceError, LookupError):
    """A tree edit names a rule path that is not in the tree; ``path`` holds the path given."""

    def __init__(self, path: str | int, message: Wording) -> None:
        super().__init__(message, hint=say("rule_path_hint"))
        self.path = path


class CompileError(AudienceError):
    """A valid-looking rule tree could not be turned into SQL (e.g. an unparsable indicator SQL)."""


class UnknownSegmentError(CompileError, LookupError):
    """A segment reference names a segment that is not among the saved segments given."""


class SegmentCycleError(CompileError):
    """Saved segments refer to each other in a cycle, so they cannot be expanded."""


class SqlGuardError(AudienceError):
    """SQL refused by the guard: not one read-only SELECT over catalog tables and columns.

    ``function`` names a refused function and ``indicator`` the dynamic indicator whose SQL
    holds it, when that is what was refused.
    """

    def __init__(
        self,
        message: Wording,
        *,
        hint: Wording | None = None,
        function: str | None = None,
        indicator: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.function = function
        self.indicator = indicator


class WorkflowError(AudienceError):
    """A workflow action is not allowed in the audience's current state or for this user."""


class UnknownAudienceError(WorkflowError, LookupError):
    """No audience (or version) with that id or name in the store."""


class FourEyesError(WorkflowError):
    """The approver is the requester or the author of the version: a second person must approve."""


class PermissionDeniedError(WorkflowError):
    """The user does not exist in the workspace or lacks the role the action needs."""


class ReasonRequiredError(WorkflowError):
    """The audience trips a size flag, so the requester must give a written reason; ``size``
    and ``flags`` (flag code → its figures in words) say what the reason has to answer."""

    def __init__(
        self, message: Wording, *, hint: Wording | None = None, size: int = 0,
        flags: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message, hint=hint)
        self.size = size
        self.flags: dict[str, str] = dict(flags or {})


class CommentRequiredError(WorkflowError):
    """A decision needs the reviewer's written comment: every rejection, and every approval of an
    audience that trips a size flag."""


class StaleApprovalError(WorkflowError):
    """The audience changed (new version, new review round) while the approval was being made."""


class ExportBlockedError(WorkflowError):
    """Export refused: not approved, analysis only, or the members drifted beyond the tolerance."""


class AuditTamperedError(AudienceError):
    """The audit log's hash chain does not verify: an entry was altered, removed or inserted."""


class StoreError(AudienceError):
    """The state store cannot be opened or migrated."""


class WorkspaceError(AudienceError):
    """The workspace configuration file cannot be read or does not match the expected shape."""


class WorkspaceBindingError(WorkflowError):
    """The state store belongs to another users file than the one configured."""


class NotSignedInError(WorkflowError):
    """No valid credential: no token, an unknown, expired or revoked one, or a wrong password."""


class SignInLockedError(NotSignedInError):
    """Too many wrong passwords for this user: sign-in is paused (backoff) or locked."""


class AuditKeyError(AudienceError):
    """The audit key is missing, unreadable, too widely readable, or inside the state folder."""


class HistoryMissingError(StoreError):
    """The state store is gone (or emptied) although the audit anchor says it had history."""


class EngineError(AudienceError):
    """The database could not answer a query (any DuckDB failure not covered below)."""


class DatabaseNotFoundError(EngineError, FileNotFoundError):
    """The DuckDB file does not exist: fix the path (on the demo: ``perimeter demo-data``)."""


class DatabaseBusyError(EngineError):
    """The DuckDB file is locked by a writer process."""


class HardeningError(EngineError):
    """A read-only hardening setting could not be applied or is not in effect after connecting."""


class QueryTimeoutError(EngineError):
    """A query ran longer than ``EngineLimits.max_execution_ms`` and was interrupted."""


class QueryMemoryError(EngineError):
    """A query needed more memory than ``EngineLimits.memory_limit``."""


class QueryRefusedError(EngineError):
    """DuckDB refused a statement: file access, extensions, writes or configuration changes."""


class SchemaMismatchError(EngineError):
    """The database lacks a table or column the catalog names (catalog and data disagree)."""


class EngineUsageError(EngineError, ValueError):
    """The engine was asked something it cannot answer, e.g. a breakdown on a 1:N column."""
