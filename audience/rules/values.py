"""Checking one operator + value against a column's type: shared by every node that compares.

``check_operand`` returns issues (never raises); the validator calls it for attributes, behaviour
filters and indicators, with the path of the node being checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from audience.rules.bounds import MAX_AMOUNT, bounded_day
from audience.rules.operators import OPERATORS, Arity, operators_for
from audience.rules.tree import Op, TimeUnit, Value
from languages import Wording, say
from schema_catalog import (
    Column,
    ColumnType,
    Indicator,
    IndicatorType,
    Issue,
    Table,
    closest_match,
    worded_issue,
)


@dataclass(frozen=True)
class Operand:
    """What is compared: a column type, its allowed values, and a label for messages.

    The one description of a comparable thing: the validator checks values against it and the
    UI's value widgets are built from it.
    """

    label: str
    type: ColumnType
    allowed_values: tuple[str, ...] | None = None
    value_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Each allowed value's label per language code, from the catalog."""

    def value_label(self, value: str, lang: str) -> str:
        """How ``value`` reads in ``lang``: its catalog label there, else as stored."""
        return self.value_labels.get(value, {}).get(lang) or value


INDICATOR_TYPES = {
    IndicatorType.BOOLEAN: ColumnType.BOOLEAN,
    IndicatorType.NUMBER: ColumnType.DECIMAL,
    IndicatorType.CATEGORY: ColumnType.STRING,
}
"""The column type an indicator's value is compared as."""


def column_operand(table: Table, column: Column) -> Operand:
    """The operand of a catalog column, labelled ``table.column``."""
    return Operand(
        f"{table.name}.{column.name}", column.type, column.allowed_values, column.value_labels
    )


def indicator_operand(indicator: Indicator) -> Operand:
    """The operand of an indicator's value."""
    kind = INDICATOR_TYPES[indicator.type]
    return Operand(indicator.name, kind, indicator.allowed_values, indicator.value_labels)


def parse_day(value: object) -> date | None:
    """A ``'YYYY-MM-DD'`` string as a date within 1900–2199, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return bounded_day(date.fromisoformat(value))
    except ValueError:
        return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPE_TESTS: dict[ColumnType, Callable[[object], bool]] = {
    ColumnType.STRING: lambda v: isinstance(v, str),
    ColumnType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
    ColumnType.DECIMAL: _is_number,
    ColumnType.BOOLEAN: lambda v: isinstance(v, bool),
    ColumnType.DATE: lambda v: parse_day(v) is not None,
    ColumnType.TIMESTAMP: lambda v: parse_day(v) is not None,
}


def allowed_hint(value: str, allowed: Sequence[str]) -> Wording:
    """The closest allowed value (if any) followed by the full list."""
    lowered = {item.lower(): item for item in allowed}
    near = lowered.get(value.lower()) if isinstance(value, str) else None
    listing = ", ".join(allowed)
    guess = near or closest_match(value, allowed)
    if guess is None:
        return say("allowed_values", allowed=listing)
    return say("did_you_mean_allowed", suggestion=guess, allowed=listing)


def check_operand(
    operand: Operand, op: Op, value: Value, unit: TimeUnit | None, path: str
) -> list[Issue]:
    """Issues for ``op value`` on ``operand``: operator allowed, value shape, type, membership."""
    spec = OPERATORS[op]
    categorical = operand.allowed_values is not None
    if op not in operators_for(operand.type, categorical=categorical):
        allowed = ", ".join(o.value for o in operators_for(operand.type, categorical=categorical))
        message = say(
            "operator_not_for_type", op=op.value, operand=operand.label, kind=operand.type.value
        )
        return [
            worded_issue(
                "operator_not_allowed", f"{path}.op", message, say("use_one_of", allowed=allowed)
            )
        ]
    return _SHAPE_CHECKS[spec.arity](operand, value, unit, path)


def _wrong_shape(path: str, message: Wording, hint: Wording) -> list[Issue]:
    return [worded_issue("wrong_value_type", path, message, hint)]


def _check_none(operand: Operand, value: Value, unit: TimeUnit | None, path: str) -> list[Issue]:
    if value is None:
        return []
    return _wrong_shape(f"{path}.value", say("takes_no_value", value=repr(value)), say("use_null"))


def _check_one(operand: Operand, value: Value, unit: TimeUnit | None, path: str) -> list[Issue]:
    if value is None:
        return [_missing(operand, f"{path}.value")]
    if isinstance(value, tuple):
        message = say("one_value_expected", operand=operand.label, value=repr(value))
        return _wrong_shape(f"{path}.value", message, say("use_in_for_lists"))
    return check_scalar(operand, value, f"{path}.value")


def _check_many(operand: Operand, value: Value, unit: TimeUnit | None, path: str) -> list[Issue]:
    if value is None or value == ():
        return [_missing(operand, f"{path}.value")]
    if not isinstance(value, tuple):
        message = say("list_expected", operand=operand.label, value=repr(value))
        return _wrong_shape(f"{path}.value", message, say("write_as_list"))
    issues: list[Issue] = []
    for index, item in enumerate(value):
        issues += check_scalar(operand, item, f"{path}.value[{index}]")
    return issues


def _check_pair(operand: Operand, value: Value, unit: TimeUnit | None, path: str) -> list[Issue]:
    if value is None:
        return [_missing(operand, f"{path}.value")]
    if not isinstance(value, tuple) or len(value) != 2:
        message = say("pair_expected", operand=operand.label, value=repr(value))
        return _wrong_shape(f"{path}.value", message, say("write_as_pair"))
    issues = check_scalar(operand, value[0], f"{path}.value[0]")
    issues += check_scalar(operand, value[1], f"{path}.value[1]")
    if not issues and _sort_key(operand, value[0]) > _sort_key(operand, value[1]):
        message = say("range_reversed", value=repr(value))
        issues.append(worded_issue("empty_range", f"{path}.value", message, say("swap_bounds")))
    return issues


def _sort_key(operand: Operand, value: object) -> float:
    day = parse_day(value) if operand.type in (ColumnType.DATE, ColumnType.TIMESTAMP) else None
    return float(day.toordinal()) if day else float(value)  # type: ignore[arg-type]


def _check_amount(operand: Operand, value: Value, unit: TimeUnit | None, path: str) -> list[Issue]:
    issues: list[Issue] = []
    longest = MAX_AMOUNT[(unit or TimeUnit.DAY).value]
    if not (isinstance(value, int) and not isinstance(value, bool)) or not 0 < value <= longest:
        message = say("amount_out_of_range", longest=longest, value=repr(value))
        issues += _wrong_shape(f"{path}.value", message, say("amount_example"))
    if unit is None:
        message = say("amount_needs_unit")
        issues.append(worded_issue("missing_value", f"{path}.unit", message, say("use_a_unit")))
    return issues


def check_scalar(operand: Operand, value: object, path: str) -> list[Issue]:
    """Type and allowed-value checks for one scalar."""
    if not _TYPE_TESTS[operand.type](value):
        message = say(
            "value_of_wrong_type", operand=operand.label, kind=operand.type.value, value=repr(value)
        )
        return [worded_issue("wrong_value_type", path, message, _type_hint(operand))]
    allowed = operand.allowed_values
    if allowed is not None and value not in allowed:
        message = say("value_not_allowed", operand=operand.label, value=repr(value))
        return [worded_issue("value_not_allowed", path, message, allowed_hint(str(value), allowed))]
    return []


def _type_hint(operand: Operand) -> Wording:
    if operand.allowed_values is not None:
        return say("allowed_values", allowed=", ".join(operand.allowed_values))
    return say("give_kind", kind=operand.type.value)


def _missing(operand: Operand, path: str) -> Issue:
    message = say("no_value_given", operand=operand.label)
    return worded_issue("missing_value", path, message, _type_hint(operand))


_SHAPE_CHECKS: dict[Arity, Callable[[Operand, Value, TimeUnit | None, str], list[Issue]]] = {
    Arity.NONE: _check_none,
    Arity.ONE: _check_one,
    Arity.MANY: _check_many,
    Arity.PAIR: _check_pair,
    Arity.AMOUNT: _check_amount,
}
