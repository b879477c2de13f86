"""Evaluation: golden sets, execution-based scorers, runner, reports, baseline gate.

Everything loads on first use: the runner pulls in the planners and the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_LAZY = {
    "DEFAULT_DATASETS": "evals.cases",
    "EvalCase": "evals.cases",
    "load_cases": "evals.cases",
    "EvalError": "evals.errors",
    "BASELINE_DIR": "evals.gate",
    "baseline_from_report": "evals.gate",
    "compare": "evals.gate",
    "load_baseline": "evals.gate",
    "save_baseline": "evals.gate",
    "RunOptions": "evals.harness",
    "open_run": "evals.harness",
    "reports_dir": "evals.harness",
    "render_table": "evals.report",
    "report_json": "evals.report",
    "write_reports": "evals.report",
    "EvalReport": "evals.results",
    "EvalRun": "evals.runner",
    "run_eval": "evals.runner",
}

if TYPE_CHECKING:
    from evals.cases import DEFAULT_DATASETS, EvalCase, load_cases
    from evals.errors import EvalError
    from evals.gate import (
        BASELINE_DIR,
        baseline_from_report,
        compare,
        load_baseline,
        save_baseline,
    )
    from evals.harness import RunOptions, open_run, reports_dir
    from evals.report import render_table, report_json, write_reports
    from evals.results import EvalReport
    from evals.runner import EvalRun, run_eval


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'evals' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = [
    "BASELINE_DIR",
    "DEFAULT_DATASETS",
    "EvalCase",
    "EvalError",
    "EvalReport",
    "EvalRun",
    "RunOptions",
    "baseline_from_report",
    "compare",
    "load_baseline",
    "load_cases",
    "open_run",
    "render_table",
    "report_json",
    "reports_dir",
    "run_eval",
    "save_baseline",
    "write_reports",
]
