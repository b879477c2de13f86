"""The expected audience of a case, whatever way it is written: SQL, member keys or a rule tree.

Keys are compared in one canonical form (``canonical_key``): an integer profile key stays an
``int`` (a case may write it as ``123`` or ``"123"``), every other key type is compared as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from audience.rules import RuleTree
from evals.cases import EvalCase, Key
from schema_catalog import Catalog, ColumnType

Members = frozenset[Key]


class KeySource(Protocol):
    """What resolving expectations needs from the audience engine."""

    def member_ids(self, tree: RuleTree) -> Sequence[object]: ...

    def select_keys(self, sql: str) -> Sequence[object]: ...


def integer_keys(catalog: Catalog) -> bool:
    """True when the profile key column is an integer."""
    _, column = catalog.column(f"{catalog.profile.table}.{catalog.profile.key}")
    return column.type is ColumnType.INTEGER


def canonical_key(value: object, integer: bool) -> Key:
    """One comparable form of a key.

    >>> canonical_key("0042", True), canonical_key(42, False), canonical_key("ON1", False)
    (42, '42', 'ON1')

    Raises:
        ValueError: ``integer`` and the value is not a whole number.
    """
    if integer:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"{value!r} is not an integer key")
        return int(value)
    return str(value)


def canonical_members(values: Iterable[object], integer: bool) -> Members:
    """The canonical key set of ``values`` (raises ``ValueError`` on a non-integer integer key)."""
    return frozenset(canonical_key(value, integer) for value in values)


def expected_members(case: EvalCase, source: KeySource, catalog: Catalog) -> Members | None:
    """The members the case expects, or None for clarifications and refusals.

    Raises:
        ValueError: an expected member is not a key of the profile's type.
        AudienceError: the expected SQL or tree is refused or fails on the engine.
    """
    integer = integer_keys(catalog)
    match case.expectation:
        case "sql":
            assert case.expected_sql is not None
            return canonical_members(source.select_keys(case.expected_sql), integer)
        case "members":
            assert case.expected_members is not None
            return canonical_members(case.expected_members, integer)
        case "rules":
            assert case.expected_rules is not None
            return canonical_members(source.member_ids(case.expected_rules), integer)
        case None:
            return None
