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
from languages import Wording, say
from schema_catalog import Issue, worded_issue

MAX_RULES_BYTES = 256 * 1024
"""Largest rule-tree file accepted (a tree of 300 conditions is far below it)."""


def read_bounded_bytes(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor, so
    a FIFO cannot hang the reader and a path swapped after a check cannot slip through.

    Raises:
        InputFileError: missing, not a regular file, larger than ``max_bytes``, unreadable.
    """
    names = {"what": what, "path": str(path)}
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as error:
        raise InputFileError(say("file_missing", **names), hint=say("check_path")) from error
    except OSError as error:
        reason = str(error.strerror or error)
        message = say("file_unopenable", raw=reason, **names)
        raise InputFileError(message, hint=say("check_path_permissions")) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(say("not_a_regular_file", **names), hint=say("give_a_file"))
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
        message = say("not_utf8", what=what, path=str(path))
        raise InputFileError(message, hint=say("save_as_utf8")) from error


def _too_large(what: str, path: Path, max_bytes: int) -> Wording:
    return say("file_too_large", what=what, path=str(path), most=max_bytes)


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
    where = str(source) if source else "-"
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        issue = worded_issue("not_json", "root", say("not_json", reason=str(error)))
        message = say("rules_not_json", source=where, reason=str(error))
        raise RuleFormatError(message, [issue]) from error
    if not isinstance(data, dict) or "schema_version" not in data:
        hint = say("add_schema_version", version=str(SCHEMA_VERSION))
        issue = worded_issue(
            "missing_schema_version", "schema_version", say("no_schema_version"), hint
        )
        raise RuleFormatError(say("rules_without_schema_version", source=where), [issue])
    try:
        return RuleTree.model_validate(data)
    except ValidationError as error:
        issues = [schema_issue(item) for item in error.errors()]
        first = f"{issues[0].path}: {issues[0].message}"
        message = say("not_a_rule_tree", source=where, problems=error.error_count(), first=first)
        raise RuleFormatError(message, issues, hint=say("fix_listed_paths")) from error


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a rule tree may hold")


def schema_issue(item: ErrorDetails) -> Issue:
    """One pydantic error as an ``Issue`` (code ``schema_<type>``, dotted path)."""
    parts = [str(p) for p in item["loc"] if not _type_tag(p)]
    path = ".".join(parts) or "root"
    message = say("schema_problem", reason=item["msg"])
    return worded_issue(f"schema_{item['type']}", path, message)


_TYPE_TAGS = {"str", "int", "float", "bool", "list", "none"}


def _type_tag(part: object) -> bool:
    """pydantic's union/validator tags in an error location (not part of the tree's path)."""
    text = str(part)
    return "[" in text or "(" in text or text in _TYPE_TAGS
