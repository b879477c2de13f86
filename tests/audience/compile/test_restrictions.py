"""Catalog restrictions leave protected profiles out of every compiled audience.

Expected ids are derived by hand from the hand-made dataset (as_of 2026-10-01): born after
1996-10-01 (under 30) are customers 4, 8 and 9; customer 3 has no birth date; VIPs are 1, 3, 6
and 11.
"""

from __future__ import annotations

from typing import Any

import pytest

from audience.compile.compiler import compile_rules, render_sql
from audience.rules import Attribute, Group, Op, RuleTree, SegmentRef
from schema_catalog import Catalog, Restriction, UnknownValues

EVERYONE = list(range(1, 13))


def _restricted(catalog: Catalog, *restrictions: Restriction) -> Catalog:
    targeting = catalog.targeting.model_copy(update={"restrictions": restrictions})
    return catalog.model_copy(update={"targeting": targeting})


def _ids(handmade: Any, tree: RuleTree, catalog: Catalog, **segments: RuleTree) -> list[int]:
    sql = render_sql(compile_rules(tree, catalog, segments=segments))
    return sorted(row[0] for row in handmade.execute(sql).fetchall())


EVERYBODY = RuleTree(root=Group())
UNDER_30 = Restriction(name="young", field="customers.birth_date", min_years=30, reason="r")


def test_the_demo_floor_changes_nothing_on_adult_data(catalog: Catalog, handmade: Any) -> None:
    assert _ids(handmade, EVERYBODY, catalog) == EVERYONE


@pytest.mark.parametrize(
    ("restriction", "excluded"),
    [
        (UNDER_30, {4, 8, 9}),
        (UNDER_30.model_copy(update={"unknown": UnknownValues.EXCLUDE}), {3, 4, 8, 9}),
        (Restriction(name="young", field="age", below=30, reason="r"), {4, 8, 9}),
        (Restriction(name="vip", field="customers.loyalty_tier", values=("vip",), reason="r"),
         {1, 3, 6, 11}),
        (Restriction(name="no_mail", field="consents.email_optin", values=(False,), reason="r"),
         {5, 10}),
    ],
)  # fmt: skip
def test_every_audience_excludes_protected_profiles(
    catalog: Catalog, handmade: Any, restriction: Restriction, excluded: set[int]
) -> None:
    restricted = _restricted(catalog, restriction)
    assert _ids(handmade, EVERYBODY, restricted) == sorted(set(EVERYONE) - excluded)
    nobody_protected = RuleTree(root=Group(rules=(
        Attribute(field="customers.loyalty_tier", op=Op.EQ, value="vip", negate=True),
    )))  # fmt: skip
    non_vip = {2, 4, 5, 7, 8, 9, 10, 12}
    assert _ids(handmade, nobody_protected, restricted) == sorted(non_vip - excluded)


def test_limit_counts_after_the_exclusion(catalog: Catalog, handmade: Any) -> None:
    restricted = _restricted(catalog, UNDER_30)
    first_five = RuleTree(root=Group(), limit=5)
    assert _ids(handmade, first_five, restricted) == [1, 2, 3, 5, 6]


def test_segments_inside_an_audience_are_not_filtered_twice(
    catalog: Catalog, handmade: Any
) -> None:
    restricted = _restricted(catalog, UNDER_30)
    first_four = RuleTree(root=Group(), limit=4)  # 1, 2, 3, 4 as a saved segment
    tree = RuleTree(root=Group(rules=(SegmentRef(segment="first_four"),)))
    assert _ids(handmade, tree, restricted, first_four=first_four) == [1, 2, 3]


def test_the_exclusion_is_in_the_sql_people_see(catalog: Catalog) -> None:
    sql = render_sql(compile_rules(EVERYBODY, catalog))
    assert '"customers"."birth_date" >= CAST(\'2008-10-02\' AS DATE)' in sql
