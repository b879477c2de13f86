"""The building blocks every rule node is made of: bounded values, operators, time units,
behaviour filters, windows and aggregates.

``TreePart`` is the frozen base of every node and part: edits make new, validated copies
(``updated``). Field docstrings are written for the language model: they become the JSON-schema
descriptions. ``audience.rules.tree`` assembles the nodes and the tree from these parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from audience.rules.bounds import (
    bounded_aggregate_value,
    bounded_day,
    bounded_list,
    bounded_name,
    bounded_scalar,
    check_window,
)

Scalar = Annotated[str | int | float | bool, AfterValidator(bounded_scalar)]
"""A finite, bounded number, a boolean, or a short text (see ``audience.rules.bounds``)."""
Value = Scalar | Annotated[tuple[Scalar, ...], AfterValidator(bounded_list)] | None
"""A rule's value: one scalar, a tuple of them ('in', 'between'), or None. JSON writes arrays."""
Name = Annotated[str, AfterValidator(bounded_name)]
"""A catalog name or a segment name: non-empty, short, no control characters."""
Day = Annotated[date, AfterValidator(bounded_day)]


class TreePart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    def updated(self, **changes: object) -> Self:
        """A validated copy with ``changes`` applied (lists become tuples, bad values raise).

        >>> Window(type="last", amount=6, unit="month").updated(amount=12).amount
        12
        """
        kept = {name: getattr(self, name) for name in self.model_fields_set}
        return self.model_validate({**kept, **changes})

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Pydantic's copy, except that an ``update`` is validated (see ``updated``)."""
        copied = super().model_copy(deep=deep)
        return copied.updated(**update) if update else copied


class Op(StrEnum):
    """Comparison operators. Which types each accepts lives in ``audience.operators``."""

    EQ = "eq"
    NEQ = "neq"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    STARTS_WITH = "starts_with"
    IS_SET = "is_set"
    IS_NOT_SET = "is_not_set"
    BEFORE = "before"
    AFTER = "after"
    WITHIN_LAST = "within_last"
    WITHIN_NEXT = "within_next"
    ANNIVERSARY_WITHIN_NEXT = "anniversary_within_next"
    ANNIVERSARY_BETWEEN = "anniversary_between"


class TimeUnit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Condition(TreePart):
    """A comparison on one column. Used inside behaviour filters (column of the event table)."""

    field: Name
    """Column name of the event table, e.g. 'channel' or 'category'."""
    op: Op
    """Operator, e.g. 'eq', 'in', 'gte', 'between', 'within_last'."""
    value: Value = None
    """A scalar, a list for 'in'/'not_in', [low, high] for 'between' and 'anniversary_between',
    N for 'within_last', 'within_next' and 'anniversary_within_next'; null for
    'is_set'/'is_not_set'. Dates as 'YYYY-MM-DD'. Example: 'store'."""
    unit: TimeUnit | None = None
    """Only with 'within_last'/'within_next'/'anniversary_within_next': the unit of N."""


class WindowKind(StrEnum):
    LAST = "last"
    NEXT = "next"
    BETWEEN = "between"
    BEFORE = "before"
    SINCE = "since"


class Window(TreePart):
    """When the events happened (or will happen), resolved against the dataset's as_of.

    'last': the last ``amount`` ``unit``s before as_of. 'next': from as_of up to ``amount``
    ``unit``s after it (only on event tables whose events may lie ahead, e.g. bookings).
    'between': from ``start`` to ``end`` inclusive. 'before': strictly before ``end``.
    'since': on or after ``start``.
    """

    type: WindowKind
    """'last', 'next', 'between', 'before' or 'since'."""
    amount: int | None = None
    """With 'last' and 'next': how many units, e.g. 6."""
    unit: TimeUnit | None = None
    """With 'last' and 'next': 'day', 'week', 'month' or 'year'."""
    start: Day | None = None
    """With 'between' and 'since': first day included, 'YYYY-MM-DD'."""
    end: Day | None = None
    """With 'between': last day included; with 'before': first day excluded."""

    @model_validator(mode="after")
    def _bounded(self) -> Window:
        check_window(self.amount, self.unit)
        return self


class AggregateFunc(StrEnum):
    COUNT = "count"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    DAYS_SINCE_LAST = "days_since_last"


class Aggregate(TreePart):
    """What to measure over the matching events, and the comparison it must pass.

    Over no events: count and sum are 0; avg, min, max and days_since_last are unknown and
    match nothing.
    """

    func: AggregateFunc = AggregateFunc.COUNT
    """'count' events, 'sum'/'avg'/'min'/'max' of a measure, or 'days_since_last' event."""
    measure: Name | None = None
    """Measure column for sum/avg/min/max, e.g. 'amount'; null for count/days_since_last."""
    op: Op = Op.GTE
    """Comparison: 'eq', 'neq', 'gt', 'gte', 'lt', 'lte' or 'between'."""
    value: Annotated[
        float | int | tuple[float | int, ...], AfterValidator(bounded_aggregate_value)
    ] = 1
    """Threshold, e.g. 2 for 'at least twice'; [low, high] for 'between'."""
