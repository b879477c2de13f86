"""An independent pure-Python evaluator of rule trees over a dataset held in Python.

Written separately from the compiler (no import of audience.compiler*, operators, windows or
sql_parts), from the semantics stated in the issue: NULL comparisons do not match, negation is a
set complement, count/sum over no events are 0, avg/min/max/recency over no events match nothing,
boolean indicators are false for absent profiles, windows are half-open [start, end) in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from audience.rules import (
    Attribute,
    Behavior,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    IndicatorRule,
    Ranking,
    Reachable,
    RuleTree,
    SegmentRef,
)
from schema_catalog import Catalog, ColumnType, Restriction

Row = dict[str, Any]


def _naive(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant


def _months_back(instant: datetime, months: int) -> datetime:
    year, month = instant.year, instant.month - months
    while month < 1:
        month += 12
        year -= 1
    while month > 12:  # negative months: forwards ('within the next N months')
        month -= 12
        year += 1
    days_in_month = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30,
                     31, 30, 31, 31, 30, 31, 30, 31][month - 1]  # fmt: skip
    return instant.replace(year=year, month=month, day=min(instant.day, days_in_month))


def back(as_of: datetime, amount: int, unit: str) -> datetime:
    """as_of moved back by amount units (calendar months and years)."""
    if unit == "day":
        return as_of - timedelta(days=amount)
    if unit == "week":
        return as_of - timedelta(days=7 * amount)
    return _months_back(as_of, amount if unit == "month" else 12 * amount)


def _as_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _recurs(moment: datetime, days: set[tuple[int, int]]) -> bool:
    return (moment.month, moment.day) in days


@dataclass
class Evaluator:
    """Evaluate trees over ``data`` (table name → rows)."""

    catalog: Catalog
    data: dict[str, list[Row]]
    segments: dict[str, RuleTree]

    def __post_init__(self) -> None:
        self.as_of = _naive(self.catalog.as_of)
        self.key = self.catalog.profile.key
        self.by_customer: dict[str, dict[Any, list[Row]]] = {}
        for table in self.catalog.tables:
            join = self.key if table.join is None else table.join.column
            index: dict[Any, list[Row]] = defaultdict(list)
            for row in self.data.get(table.name, []):
                index[row[join]].append(row)
            self.by_customer[table.name] = index
        self.ids = sorted(row[self.key] for row in self.data[self.catalog.profile.table])

    # --- comparisons -------------------------------------------------------------------------
    def compare(self, kind: ColumnType, value: Any, op: str, target: Any, unit: Any) -> bool:
        """Whether ``value op target`` holds; a NULL value never matches (except is_not_set)."""
        if op == "is_set":
            return value is not None
        if op == "is_not_set":
            return value is None
        if value is None:
            return False
        if kind in (ColumnType.DATE, ColumnType.TIMESTAMP):
            return self._temporal(_as_instant(value), op, target, unit)
        return _PLAIN[op](value, target)

    def _temporal(self, moment: datetime, op: str, target: Any, unit: Any) -> bool:
        if op.startswith("anniversary_"):
            return _recurs(moment, self._anniversary_days(op, target, unit))
        if op == "within_last":
            return back(self.as_of, int(target), str(unit)) <= moment < self.as_of
        if op == "within_next":
            return self.as_of <= moment < back(self.as_of, -int(target), str(unit))
        if op == "between":
            return _day(target[0]) <= moment < _day(target[1]) + timedelta(days=1)
        start = _day(target)
        stop = start + timedelta(days=1)
        return {
            "eq": start <= moment < stop, "neq": not start <= moment < stop,
            "gt": moment >= stop, "after": moment >= stop, "gte": moment >= start,
            "lt": moment < start, "before": moment < start, "lte": moment < stop,
        }[op]  # fmt: skip

    def _anniversary_days(self, op: str, target: Any, unit: Any) -> set[tuple[int, int]]:
        """Every (month, day) of the span's days; 29 Feb joins a 28 Feb of a common year."""
        if op == "anniversary_within_next":
            first = self.as_of
            last = back(self.as_of, -int(target), str(unit)) - timedelta(microseconds=1)
        else:
            first, last = _day(target[0]), _day(target[1])
        days: set[tuple[int, int]] = set()
        day = first.date()
        while day <= last.date() and len(days) < 366:
            days.add((day.month, day.day))
            leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
            if (day.month, day.day) == (2, 28) and not leap:
                days.add((2, 29))
            day += timedelta(days=1)
        return days

    # --- nodes ---------------------------------------------------------------------------------
    def members(self, tree: RuleTree, *, audience: bool = True) -> list[Any]:
        """Sorted ids selected by the whole tree, with sample and limit applied.

        An audience (not a segment inside one) never holds profiles a restriction protects.
        """
        ids = [i for i in self.ids if self.node(tree.root, i)]
        ids = [i for i in ids if not self.protected(i)] if audience else ids
        if tree.sample_share is not None and tree.sample_share < 1:
            cut = int(tree.sample_share * 2**32)
            ids = [i for i in ids if (i * 2654435761) % 2**32 < cut]
        if tree.ranking is not None and tree.limit is not None:
            if tree.channel is not None:
                ids = [i for i in ids if self.reachable(Reachable(channel=tree.channel), i)]
            return sorted(self.ranked(ids, tree.ranking)[: tree.limit])
        return ids[: tree.limit] if tree.limit is not None else ids

    def ranked(self, ids: list[Any], ranking: Ranking) -> list[Any]:
        """``ids`` best first by the ranking's measure; ties by key, no value last."""
        values = {cid: self.rank_value(ranking.by, cid) for cid in ids}
        known = sorted(cid for cid in ids if values[cid] is not None)
        known.sort(key=lambda cid: values[cid], reverse=ranking.direction == "desc")  # stable
        return known + sorted(cid for cid in ids if values[cid] is None)

    def rank_value(self, by: Any, cid: Any) -> Any:
        if isinstance(by, FieldMeasure):
            table, _, column = by.field.partition(".")
            found = [r[column] for r in self.by_customer[table].get(cid, [])]
            return max((v for v in found if v is not None), default=None)
        if isinstance(by, IndicatorMeasure):
            found = _INDICATORS[by.indicator](self, cid, by.key)
            return max((v for v in found if v is not None), default=None)
        table = self.catalog.table(by.event)
        events = self._events(by, cid)
        measured = self._measured(by.func, by.measure, events, str(table.timestamp))
        return (
            round(measured, 6) if by.func in ("sum", "avg") and measured is not None else measured
        )

    def node(self, node: Any, cid: Any) -> bool:
        result = NODE_EVALUATORS[type(node)](self, node, cid)
        return (not result) if getattr(node, "negate", False) else result

    def group(self, node: Group, cid: Any) -> bool:
        results = [self.node(child, cid) for child in node.rules]
        return all(results) if node.op == "and" else any(results)

    def attribute(self, node: Attribute, cid: Any) -> bool:
        table_name, _, column_name = node.field.partition(".")
        table = self.catalog.table(table_name)
        kind = table.column(column_name).type
        rows = self.by_customer[table_name].get(cid, [])
        if table_name == self.catalog.profile.table:
            return self.compare(kind, rows[0][column_name], node.op, node.value, node.unit)
        if node.op == "is_not_set":
            return not any(row[column_name] is not None for row in rows)
        return any(self.compare(kind, r[column_name], node.op, node.value, node.unit) for r in rows)

    def _window(self, node: Behavior) -> tuple[datetime | None, datetime | None]:
        w = node.window
        if w is None:
            return None, None
        if w.type == "last":
            return back(self.as_of, int(w.amount or 0), str(w.unit)), self.as_of
        if w.type == "next":
            return self.as_of, back(self.as_of, -int(w.amount or 0), str(w.unit))
        start = datetime(w.start.year, w.start.month, w.start.day) if w.start else None
        end = datetime(w.end.year, w.end.month, w.end.day) if w.end else None
        if w.type == "between":
            return start, end + timedelta(days=1) if end else None
        return (None, end) if w.type == "before" else (start, None)

    def _events(self, node: Any, cid: Any) -> list[Row]:
        """The profile's events of ``node.event`` in its window that pass its filters."""
        table = self.catalog.table(node.event)
        start, stop = self._window(node)
        events = []
        for row in self.by_customer[node.event].get(cid, []):
            moment = _as_instant(row[str(table.timestamp)])
            if (start is not None and moment < start) or (stop is not None and moment >= stop):
                continue
            if all(
                self.compare(table.column(f.field).type, row[f.field], f.op, f.value, f.unit)
                for f in node.filters
            ):
                events.append(row)
        return events

    def behavior(self, node: Behavior, cid: Any) -> bool:
        table = self.catalog.table(node.event)
        events = self._events(node, cid)
        agg = node.aggregate
        measured = self._measured(agg.func, agg.measure, events, str(table.timestamp))
        if measured is None:
            return False
        if agg.op == "between":
            return agg.value[0] <= measured <= agg.value[1]  # type: ignore[index]
        return _PLAIN[agg.op](measured, agg.value)

    def _measured(self, func: str, measure: Any, events: list[Row], stamp: str) -> float | None:
        if func == "count":
            return len(events)
        if func == "days_since_last":
            if not events:
                return None
            last = max(_as_instant(row[stamp]) for row in events)
            return (self.as_of.date() - last.date()).days  # whole calendar days
        values = [row[str(measure)] for row in events]
        values = [v for v in values if v is not None]
        if func == "sum":
            return sum(values)
        if not values:
            return None
        return {"avg": sum(values) / len(values), "min": min(values), "max": max(values)}[func]

    def indicator(self, node: IndicatorRule, cid: Any) -> bool:
        spec = self.catalog.indicator(node.indicator)
        values = _INDICATORS[node.indicator](self, cid, node.key)
        if spec.type == "boolean":
            truth = any(v is True for v in values)
            return truth == (node.value is True) if node.op == "eq" else truth != node.value
        if node.op == "is_not_set":
            return not any(v is not None for v in values)
        kind = ColumnType.DECIMAL if spec.type == "number" else ColumnType.STRING
        return any(self.compare(kind, v, node.op, node.value, None) for v in values)

    def reachable(self, node: Reachable, cid: Any) -> bool:
        channel = self.catalog.channel(node.channel)
        consent_table, _, consent_col = channel.consent.partition(".")
        contact_table, _, contact_col = channel.contact.partition(".")
        consented = any(
            r[consent_col] is True for r in self.by_customer[consent_table].get(cid, [])
        )
        contact = any(
            r[contact_col] not in (None, "") for r in self.by_customer[contact_table].get(cid, [])
        )
        lists = self.catalog.suppression
        suppressed = lists is not None and any(
            r[lists.channel_column] in channel.blocked_by(lists.all_value)
            for r in self.by_customer[lists.table].get(cid, [])
        )
        return consented and contact and not suppressed

    def segment(self, node: SegmentRef, cid: Any) -> bool:
        tree = self.segments[node.segment]
        if tree.limit is not None or tree.sample_share is not None:
            return cid in self.members(tree, audience=False)
        return self.node(tree.root, cid)

    def protected(self, cid: Any) -> bool:
        """Whether a catalog restriction protects the profile (read from its own column)."""
        return any(self._restricted(r, cid) for r in self.catalog.targeting.restrictions)

    def _restricted(self, restriction: Restriction, cid: Any) -> bool:
        table_name, _, column = restriction.field.partition(".")
        rows = self.by_customer[table_name].get(cid, [])
        value = rows[0][column] if rows else None
        if value is None:
            return restriction.unknown.value == "exclude"
        if restriction.min_years is not None:
            cutoff = back(self.as_of, restriction.min_years, "year")
            day_after = datetime(cutoff.year, cutoff.month, cutoff.day) + timedelta(days=1)
            return _as_instant(value) >= day_after  # less than min_years years old
        if restriction.below is not None:
            return bool(value < restriction.below)
        return value in (restriction.values or ())

    # --- indicators, re-implemented in Python ----------------------------------------------------
    def _orders_recent(self, cid: Any, _: Any) -> list[Any]:
        start = self.as_of - timedelta(days=365)
        rows = self.by_customer["orders"].get(cid, [])
        return [True] if any(start <= r["ordered_at"] < self.as_of for r in rows) else []

    def _email_engaged(self, cid: Any, _: Any) -> list[Any]:
        start = self.as_of - timedelta(days=90)
        rows = self.by_customer["email_events"].get(cid, [])
        hit = any(
            r["event_type"] in ("open", "click") and start <= r["event_at"] < self.as_of
            for r in rows
        )
        return [True] if hit else []

    def _age(self, cid: Any, _: Any) -> list[Any]:
        born: date | None = self.by_customer["customers"][cid][0]["birth_date"]
        if born is None:
            return []
        today = self.as_of.date()
        return [today.year - born.year - ((born.month, born.day) > (today.month, today.day))]

    def _rows(self, table: str, column: str) -> Callable[[Any, Any], list[Any]]:
        return lambda cid, _: [r[column] for r in self.by_customer[table].get(cid, [])]

    def _appetite(self, cid: Any, key: Any) -> list[Any]:
        rows = self.by_customer["ind_category_appetite"].get(cid, [])
        return [r["score"] for r in rows if r["category"] == key]


_PLAIN: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
    "between": lambda a, b: b[0] <= a <= b[1],
    "contains": lambda a, b: b.lower() in a.lower(),
    "starts_with": lambda a, b: a.lower().startswith(b.lower()),
}

NODE_EVALUATORS: dict[type, Callable[[Evaluator, Any, Any], bool]] = {
    Group: Evaluator.group,
    Attribute: Evaluator.attribute,
    Behavior: Evaluator.behavior,
    IndicatorRule: Evaluator.indicator,
    Reachable: Evaluator.reachable,
    SegmentRef: Evaluator.segment,
}

_INDICATORS: dict[str, Callable[[Evaluator, Any, Any], list[Any]]] = {
    "active_customer": Evaluator._orders_recent,
    "email_engaged": Evaluator._email_engaged,
    "age": Evaluator._age,
    "churn_risk": lambda e, c, k: [
        r["churn_risk"] for r in e.by_customer["ind_churn_risk"].get(c, [])
    ],
    "predicted_value": lambda e, c, k: [
        r["predicted_value"] for r in e.by_customer["ind_predicted_value"].get(c, [])
    ],
    "category_appetite": Evaluator._appetite,
}
