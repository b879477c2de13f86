"""Compilation: rule tree -> sqlglot AST -> SQL per dialect, and the guard that walks the result."""

from audience.compile.compiler import DIALECTS, compile_rules, render_sql
from audience.compile.guard import guard_select, guard_sql

__all__ = ["DIALECTS", "compile_rules", "guard_select", "guard_sql", "render_sql"]
