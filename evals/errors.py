"""Errors of the evals package: one root, a docstring per subclass."""

from __future__ import annotations


class EvalError(Exception):
    """Root of every error raised by ``evals``."""


class DatasetError(EvalError):
    """A golden dataset is missing or a line does not match the case model (names file:line)."""


class BaselineError(EvalError):
    """The baseline file is missing or malformed."""


class DomainError(EvalError):
    """An eval domain is unknown, or its data could not be generated."""
