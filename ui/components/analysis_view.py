"""Rendering of an audience's figures: count, waterfall, leave-one-out, sample, breakdowns, SQL."""

from __future__ import annotations

import streamlit as st

from audience.engine import BreakdownRow, LeaveOneOut, SampleResult, Waterfall

_STEP_LABELS = {
    "matched": "1. matched",
    "consented": "2. consented",
    "not_suppressed": "3. not suppressed",
    "contactable": "4. will receive",
}


def render_waterfall(waterfall: Waterfall) -> None:
    """Matched → consented → not suppressed → contactable, for the chosen channel."""
    rows = [{"step": _STEP_LABELS.get(s.name, s.name), "people": s.count} for s in waterfall.steps]
    st.bar_chart(rows, x="step", y="people", horizontal=True, sort=False, height=200)
    st.dataframe(rows, hide_index=True)


def loo_rows(items: list[LeaveOneOut], lines: list[str]) -> list[dict[str, str | int]]:
    """One row per top-level condition: the count without it and how many it removes."""
    rows: list[dict[str, str | int]] = []
    for item in items:
        index = _rule_index(item.path)
        label = lines[index] if index is not None and index < len(lines) else item.path
        rows.append(
            {
                "condition": label,
                "count without it": item.count_without,
                "people it removes": item.removed_by_rule,
            }
        )
    return rows


def _rule_index(path: str) -> int | None:
    prefix = "root.rules["
    if path.startswith(prefix) and path.endswith("]"):
        inner = path[len(prefix) : -1]
        return int(inner) if inner.isdigit() else None
    return None


def render_sample(sample: SampleResult) -> None:
    """A few members, PII masked."""
    if not sample.rows:
        st.caption("No one matches: nothing to show.")
        return
    st.dataframe(list(sample.rows), column_order=list(sample.columns), hide_index=True)
    if sample.masked and sample.masked_columns:
        st.caption(f"Masked: {', '.join(sample.masked_columns)}.")


def breakdown_rows(rows: list[BreakdownRow]) -> list[dict[str, str | int | float]]:
    """Rows for a chart: the value (missing shown as '(none)'), members and share."""
    return [
        {
            "value": "(none)" if r.value is None else str(r.value),
            "members": r.count,
            "share": round(r.share * 100, 1),
        }
        for r in rows
    ]


def render_breakdown(name: str, rows: list[BreakdownRow]) -> None:
    """A bar chart of members per value of one field."""
    st.markdown(f"**{name}**")
    data = breakdown_rows(rows)
    if not data:
        st.caption("No members.")
        return
    st.bar_chart(data, x="value", y="members", height=220)
