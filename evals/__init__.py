"""Evaluation: domains and golden sets, users' own cases, execution-based scorers, the five
classes, runner, reports, baseline gate.

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
    "reports_dir": "evals.harness",
    "run_targets": "evals.harness",
    "Selection": "evals.targets",
    "Target": "evals.targets",
    "choose_targets": "evals.targets",
    "Verdict": "evals.classify",
    "classify": "evals.classify",
    "render_category_table": "evals.report",
    "render_table": "evals.report",
    "report_json": "evals.report",
    "write_reports": "evals.report",
    "EvalReport": "evals.results",
    "EvalRun": "evals.runner",
    "run_eval": "evals.runner",
}

if TYPE_CHECKING:
    from evals.cases import DEFAULT_DATASETS, EvalCase, load_cases
    from evals.classify import Verdict, classify
    from evals.errors import EvalError
    from evals.gate import (
        BASELINE_DIR,
        baseline_from_report,
        compare,
        load_baseline,
        save_baseline,
    )
    from evals.harness import RunOptions, reports_dir, run_targets
    from evals.report import render_category_table, render_table, report_json, write_reports
    from evals.results import EvalReport
    from evals.runner import EvalRun, run_eval
    from evals.targets import Selection, Target, choose_targets


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
    "Selection",
    "Target",
    "Verdict",
    "baseline_from_report",
    "choose_targets",
    "classify",
    "compare",
    "load_baseline",
    "load_cases",
    "render_category_table",
    "render_table",
    "report_json",
    "reports_dir",
    "run_eval",
    "run_targets",
    "save_baseline",
    "write_reports",
]
