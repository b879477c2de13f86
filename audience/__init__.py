"""Audience core, in five sub-packages that import downwards only:

``rules`` (the tree, operators, values, windows, plain-language reading) ← ``validate`` ←
``compile`` (sqlglot AST, dialects, guard) ← ``engine`` (hardened execution) and ``workflow``
(versions, approval, size policy, export, audit), the last two independent of each other.

The names a caller needs most are importable from here; they load on first use, so importing
``audience`` stays cheap (no DuckDB, no sqlglot until asked for).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "RuleTree": "audience.rules",
    "rule_tree_from_json": "audience.rules",
    "describe_rules": "audience.rules",
    "validate_rules": "audience.validate",
    "compile_rules": "audience.compile",
    "render_sql": "audience.compile",
    "AudienceEngine": "audience.engine",
    "AudienceService": "audience.workflow",
    "open_store": "audience.workflow",
    "load_workspace": "audience.workflow",
    "export_audience": "audience.workflow",
    "AudienceError": "audience.errors",
    "BudgetExceededError": "audience.budget",
    "within_budget": "audience.budget",
}

if TYPE_CHECKING:
    from audience.budget import BudgetExceededError, within_budget
    from audience.compile import compile_rules, render_sql
    from audience.engine import AudienceEngine
    from audience.errors import AudienceError
    from audience.rules import RuleTree, describe_rules, rule_tree_from_json
    from audience.validate import validate_rules
    from audience.workflow import AudienceService, export_audience, load_workspace, open_store


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'audience' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = [
    "AudienceEngine",
    "AudienceError",
    "AudienceService",
    "BudgetExceededError",
    "RuleTree",
    "compile_rules",
    "describe_rules",
    "export_audience",
    "load_workspace",
    "open_store",
    "render_sql",
    "rule_tree_from_json",
    "validate_rules",
    "within_budget",
]
