"""Evaluation: golden sets, execution-based scorers, runner, reports, baseline gate."""
