"""Catalog restrictions applied to every audience: protected profiles are never selected.

Each restriction becomes the rule that selects its protected profiles (``age lt 18``,
``birth_date after <as_of − 18 years>``, ``status in [deceased]``, plus ``is_not_set`` when
unknown values are protected too), compiled by the ordinary node compilers and negated, so the
exclusion has exactly the semantics (NULLs, 1:1 tables, indicators) of the rule language.
"""

from __future__ import annotations

from audience.compile import sql_parts as sql
from audience.compile.nodes import Scope, compile_group
from audience.rules.tree import Attribute, Group, IndicatorRule, Node, Op, TimeUnit, Value
from audience.rules.windows import shift
from schema_catalog import Catalog, Restriction, UnknownValues


def protected_rule(restriction: Restriction, catalog: Catalog) -> Group:
    """The rule tree group that selects the profiles ``restriction`` protects."""
    rules = [_node(restriction, catalog, *_protected_range(restriction, catalog))]
    if restriction.unknown is UnknownValues.EXCLUDE:
        rules.append(_node(restriction, catalog, Op.IS_NOT_SET, None))
    return Group(op="or", rules=tuple(rules))


def _node(restriction: Restriction, catalog: Catalog, op: Op, value: Value) -> Node:
    if any(indicator.name == restriction.field for indicator in catalog.indicators):
        return IndicatorRule(indicator=restriction.field, op=op, value=value)
    return Attribute(field=restriction.field, op=op, value=value)


def _protected_range(restriction: Restriction, catalog: Catalog) -> tuple[Op, Value]:
    if restriction.below is not None:
        return Op.LT, restriction.below
    if restriction.min_years is not None:
        cutoff = shift(catalog.as_of, -restriction.min_years, TimeUnit.YEAR).date()
        return Op.AFTER, cutoff.isoformat()  # born after the cutoff day: not yet old enough
    values = tuple(restriction.values or ())
    return Op.IN, values


def exclusions(scope: Scope) -> list[sql.Pred]:
    """One ``NOT <protected>`` predicate per catalog restriction (none without restrictions)."""
    catalog = scope.catalog
    return [
        sql.negate(compile_group(protected_rule(restriction, catalog), scope))
        for restriction in catalog.targeting.restrictions
    ]
