"""Compilation: rule tree -> sqlglot AST -> SQL per dialect, and the guard that walks the result."""

from audience.compile.compiler import DIALECTS, compile_rules, render_sql
from audience.compile.guard import allowed_functions, guard_select, guard_sql, guard_sql_text
from audience.compile.indicator_check import check_indicators_run

__all__ = [
    "DIALECTS",
    "allowed_functions",
    "check_indicators_run",
    "compile_rules",
    "guard_select",
    "guard_sql",
    "guard_sql_text",
    "render_sql",
]
