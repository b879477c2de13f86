"""Coverage flags: every constraint phrase should become a rule, and every rule have a phrase.

A proposal's coverage map ties phrases of the request to rule paths. A phrase with no path was
dropped (the audience may be larger than asked); a rule no phrase points to was invented (the
audience may be smaller than asked). Both are flagged to the user as warnings.
"""

from __future__ import annotations

from assistant.contract import Proposal
from schema_catalog import Issue, Severity


def _rule_paths(proposal: Proposal) -> list[str]:
    """Paths of the top-level rules: the lines a reviewer reads."""
    return [f"root.rules[{index}]" for index in range(len(proposal.rules.root.rules))]


def _covers(cited: str, path: str) -> bool:
    return cited == path or cited.startswith(path + ".") or path.startswith(cited + ".")


def coverage_issues(proposal: Proposal) -> list[Issue]:
    """Warnings for dropped phrases and for rules with no source phrase.

    Codes: ``coverage_dropped_phrase`` (path ``coverage[i]``) and ``coverage_unsourced_rule``
    (path of the rule).
    """
    issues = [
        Issue(
            code="coverage_dropped_phrase",
            severity=Severity.WARNING,
            path=f"coverage[{index}]",
            message=f"The phrase {item.phrase!r} did not become a rule.",
            hint="Rephrase it, or add the condition by hand if it matters.",
        )
        for index, item in enumerate(proposal.coverage)
        if item.rule_path is None
    ]
    cited = [item.rule_path for item in proposal.coverage if item.rule_path]
    issues += [
        Issue(
            code="coverage_unsourced_rule",
            severity=Severity.WARNING,
            path=path,
            message=f"The rule at {path!r} does not come from any phrase of the request.",
            hint="Check it is wanted; remove it if not.",
        )
        for path in _rule_paths(proposal)
        if not any(_covers(c, path) for c in cited)
    ]
    return issues
