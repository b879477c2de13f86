"""Ranked audiences: which profiles come first when an audience keeps only ``limit`` of them.

"The top 1,000 customers by spend": the rules select who may be in the audience, the ranking
orders them by a measure, and ``RuleTree.limit`` keeps the first N. A measure is a column of the
profile (or of a table with one row per profile), an indicator's value, or an aggregate of a
behaviour over a window. Ties are broken by the profile key, so the same data always gives the
same members. Profiles without a value (no score, an average over no events) come last in either
direction; counts and sums over no events are 0 and rank as 0.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from audience.rules.parts import AggregateFunc, Condition, Name, TreePart, Window


class RankDirection(StrEnum):
    DESC = "desc"
    ASC = "asc"


class FieldMeasure(TreePart):
    """Rank by a number or date column of the profile, or of a table with one row per profile."""

    kind: Literal["field"] = "field"
    field: Name
    """'table.column' from the catalog, e.g. 'customers.signup_date'."""


class IndicatorMeasure(TreePart):
    """Rank by the value of a numeric catalog indicator (a score)."""

    kind: Literal["indicator"] = "indicator"
    indicator: Name
    """Indicator name from the catalog, e.g. 'predicted_value'."""
    key: Name | None = None
    """For indicators with a dimension: which value, e.g. 'shoes' for category_appetite."""


RANKING_FUNCS = (
    AggregateFunc.COUNT,
    AggregateFunc.SUM,
    AggregateFunc.AVG,
    AggregateFunc.MIN,
    AggregateFunc.MAX,
)
"""The aggregates a behaviour may be ranked by (recency ranks by a date column or 'max')."""


class BehaviorMeasure(TreePart):
    """Rank by an aggregate of events: the number of orders, the total amount spent, …"""

    kind: Literal["behavior"] = "behavior"
    event: Name
    """Event table from the catalog, e.g. 'orders'."""
    filters: tuple[Condition, ...] = ()
    """Conditions on the event's dimensions, e.g. channel eq 'web'. All must hold."""
    window: Window | None = None
    """Which events count, e.g. the last 12 months; null means any time."""
    func: AggregateFunc = AggregateFunc.COUNT
    """'count' events, or 'sum'/'avg'/'min'/'max' of a measure."""
    measure: Name | None = None
    """Measure column for sum/avg/min/max, e.g. 'amount'; null for count."""


RankMeasure = Annotated[
    FieldMeasure | IndicatorMeasure | BehaviorMeasure, Field(discriminator="kind")
]


class Ranking(TreePart):
    """The order in which an audience with a limit keeps its profiles: best first."""

    by: RankMeasure
    """What to rank by: a column, an indicator, or an aggregate of a behaviour."""
    direction: RankDirection = RankDirection.DESC
    """'desc' keeps the highest values (top spenders), 'asc' the lowest."""
