"""Check a file of cases against a catalog and its data: ``perimeter eval check-cases``.

For every case: the static fit (``evals.case_fit``), then the expectation run on the engine —
the expected SQL executes read-only through the guard and selects the profile key, member keys
exist in the profile table, a rule tree compiles — and the expected audience's size, which must
not be empty unless the case says ``allow_empty``. Warnings flag categories outside the bundled
list and requests repeated across cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlglot import exp

from audience.errors import AudienceError
from evals.case_fit import CaseProblem, fit_problems
from evals.cases import UNCATEGORISED, Category, EvalCase
from evals.expectations import KeySource, Members, canonical_members, expected_members
from evals.expectations import integer_keys as _integer_keys
from schema_catalog import Catalog, Severity


@dataclass(frozen=True)
class CheckedCase:
    """One case after checking: its expected audience size and its problems."""

    case: EvalCase
    members: int | None
    """Size of the expected audience; None for clarifications, refusals and failed ones."""
    problems: tuple[CaseProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """No error (warnings allowed)."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


@dataclass(frozen=True)
class CheckOptions:
    """How strict the check is."""

    bundled_categories: bool = False
    """Warn about categories outside ``evals.cases.Category`` (for the bundled domains)."""


def check_cases(
    cases: Sequence[EvalCase],
    catalog: Catalog,
    source: KeySource,
    options: CheckOptions = CheckOptions(),
) -> list[CheckedCase]:
    """Check every case; results in case order."""
    repeated = _repeated_requests(cases)
    profile_keys: list[Members] = []
    checked = []
    for case in cases:
        problems = fit_problems(case, catalog)
        members: Members | None = None
        if not problems:
            members, runtime = _run(case, catalog, source, profile_keys)
            problems += runtime
        problems += _warnings(case, options, repeated)
        checked.append(
            CheckedCase(case, None if members is None else len(members), tuple(problems))
        )
    return checked


def _run(
    case: EvalCase, catalog: Catalog, source: KeySource, profile_keys: list[Members]
) -> tuple[Members | None, list[CaseProblem]]:
    try:
        members = expected_members(case, source, catalog)
    except (AudienceError, ValueError) as error:
        code = "sql_failed" if case.expectation == "sql" else f"{case.expectation}_failed"
        return None, [CaseProblem(case.id, code, str(error))]
    problems = []
    if members is not None and not members and not case.allow_empty:
        problems.append(
            CaseProblem(
                case.id,
                "empty_audience",
                "the expected audience is empty; fix the expectation or set allow_empty: true",
            )
        )
    if case.expectation == "members" and members:
        unknown = members - _profile_keys(catalog, source, profile_keys)
        if unknown:
            shown = sorted(unknown, key=str)[:5]
            problems.append(
                CaseProblem(
                    case.id,
                    "unknown_members",
                    f"{len(unknown)} expected member(s) are not in {catalog.profile.table!r}: "
                    f"{shown!r}",
                )
            )
    return members, problems


def _profile_keys(catalog: Catalog, source: KeySource, cache: list[Members]) -> Members:
    """Every profile key (read once per check run)."""
    if not cache:
        profile = catalog.profile
        select = (
            exp.select(exp.column(profile.key, quoted=True))
            .distinct()
            .from_(exp.table_(profile.table, quoted=True))
        )
        keys = source.select_keys(select.sql(dialect="duckdb"))
        cache.append(canonical_members(keys, _integer_keys(catalog)))
    return cache[0]


def _repeated_requests(cases: Sequence[EvalCase]) -> set[tuple[str, ...]]:
    counts = Counter(tuple(turn.strip().lower() for turn in case.conversation) for case in cases)
    return {conversation for conversation, count in counts.items() if count > 1}


def _warnings(
    case: EvalCase, options: CheckOptions, repeated: set[tuple[str, ...]]
) -> list[CaseProblem]:
    warnings = []
    known = {category.value for category in Category} | {UNCATEGORISED}
    if options.bundled_categories and case.category not in known:
        warnings.append(
            CaseProblem(
                case.id,
                "unknown_category",
                f"category {case.category!r} is not one of: {', '.join(sorted(known))}",
                Severity.WARNING,
            )
        )
    if tuple(turn.strip().lower() for turn in case.conversation) in repeated:
        warnings.append(
            CaseProblem(
                case.id,
                "repeated_request",
                "another case has the same conversation",
                Severity.WARNING,
            )
        )
    return warnings
