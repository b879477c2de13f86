"""The validator's targeting-policy checks: what the catalog says may not be targeted.

- ``pii_value_predicate``: a value predicate on personal data (``pii: true``) or on the profile
  key. Only ``is_set`` / ``is_not_set`` may test them: exact counts over value predicates give
  the values away (``email starts_with 'a'``, then ``'ab'``…). A personal date marked
  ``anniversaries: true`` (a birth date used for birthday campaigns) may also be tested by the
  anniversary operators, which read its month and day, never its year.
- ``sensitive_field``: any rule on a sensitive column or indicator (special categories).
- ``restricted_target``: a rule that can only select profiles a catalog restriction protects
  (``age lt 16`` under an 18 floor); ``restricted_excluded`` (a warning) when it selects them
  among others — they are excluded from every audience anyway, so the user learns the rule
  selects less than it says.

Negation counts: ``NOT (age gte 18)`` selects minors. Every issue's message carries the
catalog's own reason, which the planner shows when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from audience.rules.anniversary import ANNIVERSARY_OPS
from audience.rules.problem_text import problem_text
from audience.rules.ranking import BehaviorMeasure, FieldMeasure, IndicatorMeasure
from audience.rules.tree import (
    Attribute,
    Behavior,
    IndicatorRule,
    Op,
    RuleTree,
    TimeUnit,
    Value,
    value_items,
)
from audience.rules.windows import shift
from audience.validate.ranges import Point, as_point, days, holds, probe_points, thresholds
from languages import available_languages, say
from schema_catalog import (
    Catalog,
    Column,
    ColumnType,
    Indicator,
    IndicatorType,
    Issue,
    Restriction,
    Severity,
    Table,
    UnknownValues,
    worded_issue,
)

POLICY_CODES = frozenset({"pii_value_predicate", "sensitive_field", "restricted_target"})
"""Issue codes that mean 'the catalog's policy forbids this', not 'this is malformed': a planner
refuses rather than repairs them."""

PRESENCE_OPS = frozenset({Op.IS_SET, Op.IS_NOT_SET})
"""The only operators allowed on personal data and on the profile key."""


def negation_parity(tree: RuleTree) -> dict[str, bool]:
    """For every node path, whether an odd number of negations apply to it (its own included)."""
    parity: dict[str, bool] = {}
    for path, node in tree.walk():
        parent = path.rpartition(".rules[")[0]
        parity[path] = parity.get(parent, False) != node.negate
    return parity


def _column_of(catalog: Catalog, dotted: str) -> tuple[Table, Column] | None:
    table_name, _, column_name = dotted.partition(".")
    if not catalog.has_table(table_name) or not catalog.table(table_name).has_column(column_name):
        return None
    return catalog.table(table_name), catalog.table(table_name).column(column_name)


def is_key_column(catalog: Catalog, table: Table, column: str) -> bool:
    """The profile key, or the column of another table that holds it."""
    if table.name == catalog.profile.table:
        return column == catalog.profile.key
    return table.join is not None and table.join.column == column


def _field_rules(tree: RuleTree) -> Iterator[tuple[str, str, Op]]:
    """(path, ``table.column``, op) of every attribute and behaviour filter."""
    for path, node in tree.walk():
        if isinstance(node, Attribute):
            yield path, node.field, node.op
        elif isinstance(node, Behavior):
            for index, condition in enumerate(node.filters):
                yield f"{path}.filters[{index}]", f"{node.event}.{condition.field}", condition.op
    yield from _ranking_fields(tree)


def _ranking_fields(tree: RuleTree) -> Iterator[tuple[str, str, Op]]:
    """The ranking's column (ordering by it reads its values, like a comparison) and filters."""
    by = tree.ranking.by if tree.ranking else None
    if isinstance(by, FieldMeasure):
        yield "ranking.by", by.field, Op.GT
    elif isinstance(by, BehaviorMeasure):
        for index, condition in enumerate(by.filters):
            yield f"ranking.by.filters[{index}]", f"{by.event}.{condition.field}", condition.op


def check_personal_data(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """``pii_value_predicate`` on value predicates over personal data or the profile key."""
    issues = []
    for path, field, op in _field_rules(tree):
        found = _column_of(catalog, field)
        if found is None or op in PRESENCE_OPS:
            continue
        table, column = found
        key = is_key_column(catalog, table, column.name)
        if op in ANNIVERSARY_OPS and column.anniversaries and not key:
            continue
        if column.pii or key:
            names = {"field": field, "op": op.value}
            message = say("key_value_predicate" if key else "pii_value_predicate", **names)
            hint = say("use_is_set")
            issues.append(worded_issue("pii_value_predicate", f"{path}.op", message, hint))
    return issues


def check_sensitive(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """``sensitive_field`` on any rule over a sensitive column or indicator."""
    issues = []
    for path, field, _ in _field_rules(tree):
        found = _column_of(catalog, field)
        if found is not None and found[1].sensitive:
            issues.append(_sensitive(f"{path}.field", field))
    indicators = [(p, n.indicator) for p, n in tree.walk() if isinstance(n, IndicatorRule)]
    if tree.ranking and isinstance(tree.ranking.by, IndicatorMeasure):
        indicators.append(("ranking.by", tree.ranking.by.indicator))
    for path, name in indicators:
        if _indicator(catalog, name, "sensitive"):
            issues.append(_sensitive(f"{path}.indicator", name))
    return issues


def _indicator(catalog: Catalog, name: str, flag: str) -> bool:
    return any(i.name == name and getattr(i, flag) for i in catalog.indicators)


def _sensitive(path: str, name: str) -> Issue:
    message = say("sensitive_field", field=name)
    return worded_issue("sensitive_field", path, message, say("remove_condition"))


@dataclass(frozen=True)
class _Rule:
    """A one-field rule as the restriction check sees it."""

    path: str
    field: str
    op: Op
    value: Value
    unit: TimeUnit | None
    negated: bool


def _restricted_rules(tree: RuleTree) -> Iterator[_Rule]:
    parity = negation_parity(tree)
    for path, node in tree.walk():
        if isinstance(node, Attribute):
            yield _Rule(path, node.field, node.op, node.value, node.unit, parity[path])
        elif isinstance(node, IndicatorRule) and node.key is None:
            yield _Rule(path, node.indicator, node.op, node.value, None, parity[path])


def check_restricted(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """``restricted_target`` / ``restricted_excluded`` against the catalog's restrictions."""
    issues = []
    for rule in _restricted_rules(tree):
        for restriction in catalog.targeting.restrictions_on(rule.field):
            issue = _judge(rule, restriction, catalog)
            if issue is not None:
                issues.append(issue)
    return issues


Protected = Callable[[Point], bool]


def _protection(restriction: Restriction, field: str, as_of: datetime) -> tuple[Protected, list]:
    """Whether a known value is protected, and the thresholds of the protected range."""
    if restriction.below is not None:
        floor = restriction.below
        return (lambda x: isinstance(x, float) and x < floor), [floor]
    if restriction.min_years is not None and field != restriction.field:  # an age indicator
        years = float(restriction.min_years)
        return (lambda x: isinstance(x, float) and x < years), [years]
    if restriction.min_years is not None:
        cutoff = days(shift(as_of, -restriction.min_years, TimeUnit.YEAR).date())
        return (lambda x: isinstance(x, float) and x > cutoff), [cutoff]
    values = {as_point(v) for v in restriction.values or ()}
    return (lambda x: x in values), []


def _domain(rule: _Rule, catalog: Catalog, numbers: list[float]) -> list[Point]:
    """The probe points: thresholds for ordered fields, the possible values for the others."""
    kind, allowed = _field_kind(rule.field, catalog)
    if kind == "boolean":
        return [True, False]
    if kind == "ordered":
        return list(probe_points(numbers))
    restricted = [as_point(v) for r in catalog.targeting.restrictions_on(rule.field)
                  for v in r.values or ()]  # fmt: skip
    stated = [as_point(v) for v in value_items(rule.value)]
    known = [*(allowed or ()), *restricted, *stated]
    return list(dict.fromkeys(known)) + ([] if allowed else ["\x00another value"])


def _field_kind(field: str, catalog: Catalog) -> tuple[str, tuple[str, ...] | None]:
    indicator: Indicator | None = next((i for i in catalog.indicators if i.name == field), None)
    if indicator is not None:
        kinds = {IndicatorType.NUMBER: "ordered", IndicatorType.BOOLEAN: "boolean"}
        return kinds.get(indicator.type, "category"), indicator.allowed_values
    found = _column_of(catalog, field)
    column_type = found[1].type if found else ColumnType.STRING
    if column_type is ColumnType.BOOLEAN:
        return "boolean", None
    if column_type is ColumnType.STRING:
        return "category", found[1].allowed_values if found else None
    return "ordered", None


def _protection_words(
    restriction: Restriction, field: str, catalog: Catalog
) -> dict[str, dict[str, str]]:
    """What ``restriction`` protects (read on ``field``) and why, in every language with a pack:
    the range from the packs' phrases, the catalog's names by their labels, the reason from the
    catalog (``reasons``), so a page says the issue in its own language."""
    wording = restriction.wording(field)
    languages = available_languages()
    return {
        "protected": {lang: problem_text(wording, lang, catalog) for lang in languages},
        "reason": {lang: restriction.reason_in(lang) for lang in languages},
    }


def _judge(rule: _Rule, restriction: Restriction, catalog: Catalog) -> Issue | None:
    as_of = catalog.as_of
    protected, bounds = _protection(restriction, rule.field, as_of)
    numbers = [*bounds, *thresholds(rule.op, rule.value, rule.unit, as_of)]
    selected = [
        x
        for x in _domain(rule, catalog, numbers)
        if holds(rule.op, rule.value, rule.unit, as_of, x) != rule.negated
    ]
    # Profiles with no value count as protected only when the restriction says so; when they
    # are not, selecting them does not make a rule aimed at minors acceptable.
    unknown = (rule.op is Op.IS_NOT_SET) != rule.negated
    reaches_protected = any(map(protected, selected)) or (
        unknown and restriction.unknown is UnknownValues.EXCLUDE
    )
    if not reaches_protected:
        return None
    where = f"{rule.path}.value"
    names = _protection_words(restriction, rule.field, catalog)
    if all(map(protected, selected)):
        message = say("restricted_target", field=rule.field, **names)
        return worded_issue("restricted_target", where, message, say("target_outside"))
    # Presence and anniversaries reach every age alike: the exclusion is news, not a warning.
    severity = Severity.INFO if rule.op in PRESENCE_OPS | ANNIVERSARY_OPS else Severity.WARNING
    message, hint = say("restricted_excluded", **names), say("count_excludes_them")
    return worded_issue("restricted_excluded", where, message, hint, severity=severity)
