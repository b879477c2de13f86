"""The rule-tree exchange format at the edge: bounded file reading and strict parsing.

``read_rules_file`` is how every command reads a ``--rules`` file: a regular file (a FIFO, a
device or a folder is refused before it is opened for reading), at most ``MAX_RULES_BYTES``,
UTF-8 JSON, parsed strictly by ``parse_rule_tree``: ``schema_version`` must be present, booleans
are JSON booleans (``"negate": "yes"`` is an error, not ``true``), names are non-empty and every
value is bounded (``audience.rules.bounds``). Errors carry issues with a code and a path.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from audience.errors import InputFileError, RuleFormatError
from audience.rules.tree import SCHEMA_VERSION, RuleTree
from schema_catalog import Issue

MAX_RULES_BYTES = 256 * 1024
"""Largest rule-tree file accepted (a tree of 300 conditions is far below it)."""


def read_bounded_bytes(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor, so
    a FIFO cannot hang the reader and a path swapped after a check cannot slip through.

    Raises:
        InputFileError: missing, not a regular file, larger than ``max_bytes``, unreadable.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as error:
        raise InputFileError(
            f"The {what} {str(path)!r} does not exist.", hint="Check the path."
        ) from error
    except OSError as error:
        raise InputFileError(
            f"Cannot open the {what} {str(path)!r}: {error.strerror or error}.",
            hint="Check the path and the file's permissions.",
        ) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(
                f"The {what} {str(path)!r} is not a regular file.",
                hint="Give a path to a file (not a pipe, a device or a folder).",
            )
        if info.st_size > max_bytes:
            raise InputFileError(_too_large(what, path, max_bytes))
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(max_bytes + 1)
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise InputFileError(_too_large(what, path, max_bytes))
    return data


def read_bounded_text(path: Path, max_bytes: int, what: str) -> str:
    """``read_bounded_bytes`` decoded as UTF-8.

    Raises:
        InputFileError: as ``read_bounded_bytes``, or the bytes are not UTF-8.
    """
    data = read_bounded_bytes(path, max_bytes, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(
            f"The {what} {str(path)!r} is not UTF-8 text.", hint="Save it as UTF-8."
        ) from error


def _too_large(what: str, path: Path, max_bytes: int) -> str:
    return f"The {what} {str(path)!r} is larger than {max_bytes:,} bytes."


def read_rules_file(path: Path) -> RuleTree:
    """Read and strictly parse a rule-tree JSON file.

    Raises:
        InputFileError: the file cannot be read within the bounds.
        RuleFormatError: the text is not a rule tree (issues say where).
    """
    return parse_rule_tree(read_bounded_text(path, MAX_RULES_BYTES, "rules file"), source=path)


def parse_rule_tree(text: str | bytes, *, source: Path | None = None) -> RuleTree:
    """Parse the exchange format strictly (see the module doc).

    >>> parse_rule_tree('{"schema_version": 1, "root": {"kind": "group"}}').schema_version
    1

    Raises:
        RuleFormatError: not JSON, ``schema_version`` missing, or not a valid rule tree.
    """
    where = f" in {str(source)!r}" if source else ""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        issue = Issue(code="not_json", path="root", message=f"Not JSON: {error}")
        message = f"The rule tree{where} is not valid JSON: {error}."
        raise RuleFormatError(message, [issue]) from error
    if not isinstance(data, dict) or "schema_version" not in data:
        issue = Issue(
            code="missing_schema_version", path="schema_version",
            message="The rule tree has no 'schema_version'.",
            hint=f'Add "schema_version": {SCHEMA_VERSION}.',
        )  # fmt: skip
        raise RuleFormatError(f"The rule tree{where} has no schema_version.", [issue])
    try:
        return RuleTree.model_validate(data)
    except ValidationError as error:
        issues = [schema_issue(item) for item in error.errors()]
        raise RuleFormatError(
            f"The text{where} is not a valid rule tree: {error.error_count()} problem(s); "
            f"first: {issues[0].path}: {issues[0].message}",
            issues,
            hint="Fix the listed paths; `perimeter ask --json` prints a valid tree to start from.",
        ) from error


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a rule tree may hold")


def schema_issue(item: ErrorDetails) -> Issue:
    """One pydantic error as an ``Issue`` (code ``schema_<type>``, dotted path)."""
    parts = [str(p) for p in item["loc"] if not _type_tag(p)]
    path = ".".join(parts) or "root"
    return Issue(code=f"schema_{item['type']}", path=path, message=item["msg"])


_TYPE_TAGS = {"str", "int", "float", "bool", "list", "none"}


def _type_tag(part: object) -> bool:
    """pydantic's union/validator tags in an error location (not part of the tree's path)."""
    text = str(part)
    return "[" in text or "(" in text or text in _TYPE_TAGS
