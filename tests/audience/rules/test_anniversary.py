"""Anniversaries: a date's month and day, recurring every year, over spans of whole days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from audience.rules import Attribute, Group, Op, RuleTree, TimeUnit, describe_rules
from audience.rules.anniversary import WHOLE_YEAR, anniversary_span, month_days
from audience.validate import validate_rules
from schema_catalog import Catalog

AS_OF = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first", "last", "ranges"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), ((301, 331),)),
        (date(2026, 12, 24), date(2027, 1, 2), ((1224, 1231), (101, 102))),
        (date(2027, 2, 1), date(2027, 2, 28), ((201, 229),)),  # 29 Feb comes round on the 28th
        (date(2028, 2, 1), date(2028, 2, 28), ((201, 228),)),  # a leap year has its own 29th
        (date(2027, 2, 28), date(2027, 3, 2), ((228, 302),)),
        (date(2026, 5, 5), date(2026, 5, 5), ((505, 505),)),
        (date(2026, 10, 1), date(2027, 9, 30), WHOLE_YEAR),
        (date(2026, 10, 1), date(2027, 9, 29), ((1001, 1231), (101, 929))),
    ],
)
def test_month_days_of_a_span(first: date, last: date, ranges: tuple[tuple[int, int], ...]) -> None:
    assert month_days(first, last) == ranges


def test_next_span_counts_whole_days_from_as_of() -> None:
    span = anniversary_span(Op.ANNIVERSARY_WITHIN_NEXT, 30, TimeUnit.DAY, AS_OF)
    assert span == (date(2026, 10, 1), date(2026, 10, 30))
    late = datetime(2026, 12, 25, 15, 30, tzinfo=UTC)  # as_of: latest, mid-afternoon
    assert anniversary_span(Op.ANNIVERSARY_WITHIN_NEXT, 1, TimeUnit.WEEK, late) == (
        date(2026, 12, 25),
        date(2027, 1, 1),
    )


def _birthdays(op: Op, value: object, unit: str | None = None) -> RuleTree:
    rule = Attribute(field="customers.birth_date", op=op, value=value, unit=unit)
    return RuleTree(root=Group(rules=(rule,)))


def test_a_birth_date_flagged_for_anniversaries_takes_only_anniversary_rules(
    catalog: Catalog,
) -> None:
    assert catalog.table("customers").column("birth_date").anniversaries
    ahead = _birthdays(Op.ANNIVERSARY_WITHIN_NEXT, 14, "day")
    assert [(i.code, i.severity.value) for i in validate_rules(ahead, catalog)] == [
        ("restricted_excluded", "info")  # every age has birthdays: minors are simply left out
    ]
    exact = _birthdays(Op.BETWEEN, ("1990-01-01", "1990-12-31"))
    assert "pii_value_predicate" in {i.code for i in validate_rules(exact, catalog)}


def test_personal_dates_without_the_flag_refuse_anniversaries(catalog: Catalog) -> None:
    table = catalog.table("customers")
    columns = tuple(
        c.model_copy(update={"anniversaries": False}) if c.name == "birth_date" else c
        for c in table.columns
    )
    tables = tuple(
        t.model_copy(update={"columns": columns}) if t.name == "customers" else t
        for t in catalog.tables
    )
    plain = catalog.model_copy(update={"tables": tables})
    tree = _birthdays(Op.ANNIVERSARY_BETWEEN, ("2026-12-01", "2026-12-31"))
    assert [i.path for i in validate_rules(tree, plain) if i.code == "pii_value_predicate"] == [
        "root.rules[0].op"
    ]


@pytest.mark.parametrize(
    ("rule", "path", "code"),
    [
        (Attribute(field="customers.loyalty_points", op=Op.ANNIVERSARY_WITHIN_NEXT, value=3,
                   unit="day"), "root.rules[0].op", "operator_not_allowed"),
        (Attribute(field="customers.signup_date", op=Op.ANNIVERSARY_BETWEEN,
                   value=("2026-12-31", "2026-12-01")), "root.rules[0].value", "empty_range"),
        (Attribute(field="customers.signup_date", op=Op.ANNIVERSARY_BETWEEN, value="2026-12-01"),
         "root.rules[0].value", "wrong_value_type"),
        (Attribute(field="customers.signup_date", op=Op.ANNIVERSARY_WITHIN_NEXT, value=3),
         "root.rules[0].unit", "missing_value"),
    ],
)  # fmt: skip
def test_malformed_anniversaries_are_issues(
    catalog: Catalog, rule: Attribute, path: str, code: str
) -> None:
    issues = validate_rules(RuleTree(root=Group(rules=(rule,))), catalog)
    assert (code, path) in {(i.code, i.path) for i in issues}


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_described_with_the_resolved_days(catalog: Catalog, lang: str) -> None:
    ahead = describe_rules(_birthdays(Op.ANNIVERSARY_WITHIN_NEXT, 2, "week"), catalog, lang=lang)
    assert "(2026-10-01 → 2026-10-14)" in ahead.lines[0].text
    span = describe_rules(_birthdays(Op.ANNIVERSARY_BETWEEN, ("2026-12-20", "2027-01-05")),
                          catalog, lang=lang)  # fmt: skip
    assert "2026-12-20" in span.lines[0].text and "2027-01-05" in span.lines[0].text
