"""Plain-language texts for the report: expected and proposed trees, questions, refusals."""

from __future__ import annotations

from assistant import Clarification, Proposal, Refusal
from audience.rules import RuleTree, describe_rules
from schema_catalog import Catalog


def describe_tree(tree: RuleTree | None, catalog: Catalog) -> str | None:
    """The tree as the approval screen words it; the JSON if describing fails."""
    if tree is None:
        return None
    try:
        return describe_rules(tree, catalog, lang="en").text
    except Exception:  # a tree the describer cannot word is still worth showing
        return tree.canonical_json()


def describe_result(
    result: Proposal | Clarification | Refusal | None, catalog: Catalog, error: str | None = None
) -> str:
    """What the planner answered, in words."""
    if isinstance(result, Proposal):
        return describe_tree(result.rules, catalog) or ""
    if isinstance(result, Clarification):
        options = "; ".join(option.label for option in result.options)
        return f"Clarification: {result.question}" + (f" (options: {options})" if options else "")
    if isinstance(result, Refusal):
        return f"Refusal ({result.category}): {result.reason}"
    return f"Error: {error or 'no result'}"
