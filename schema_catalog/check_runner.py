"""Run a tuple of small checks, each isolated so that one crashing check cannot hide the others.

The idea comes from dbt-semantic-interfaces' ``validate_safely``: a check that raises becomes an
``internal_check_error`` issue naming the check, and the remaining checks still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from schema_catalog.issues import Issue, Severity

Subject = TypeVar("Subject")

Check = Callable[[Subject], Iterable[Issue]]
"""A check takes its subject (a catalog, a catalog and a database...) and yields issues."""


def run_checks(
    checks: Iterable[Check[Subject]], subject: Subject, *, path: str | None = None
) -> list[Issue]:
    """Run every check on ``subject`` and collect the issues, in check order.

    ``path`` is where a crash is reported; by default, the crashed check's name.

    >>> def fine(subject: str) -> list[Issue]:
    ...     return []
    >>> def broken(subject: str) -> list[Issue]:
    ...     raise ValueError("boom")
    >>> [issue.code for issue in run_checks((fine, broken), "catalog")]
    ['internal_check_error']
    """
    issues: list[Issue] = []
    for check in checks:
        issues.extend(validate_safely(check, subject, path=path))
    return issues


def validate_safely(
    check: Check[Subject], subject: Subject, *, path: str | None = None
) -> list[Issue]:
    """Run one check; if it raises, return one error issue naming the check instead."""
    try:
        return list(check(subject))
    except Exception as error:
        name = getattr(check, "__name__", repr(check))
        return [
            Issue(
                code="internal_check_error",
                severity=Severity.ERROR,
                path=path or name,
                message=f"The check {name!r} crashed: {error!r}.",
                hint="This is a bug in the check; the other checks still ran.",
            )
        ]
