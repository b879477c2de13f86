"""Rendering of an audience's figures: count, waterfall, leave-one-out, sample, breakdowns, SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from audience.engine import BreakdownRow, LeaveOneOut, SampleResult, Waterfall
from ui.components.text import markdown_table

Folded = tuple[str, str, Callable[[], None]]
"""A section drawn only while open: (title, key of its expander, what draws its content)."""

_STEP_LABELS = {
    "matched": "1. matched",
    "consented": "2. consented",
    "not_suppressed": "3. not suppressed",
    "contactable": "4. will receive",
}


BAR_WIDTH = 12
"""Characters of the widest bar (the matched count) in the waterfall."""


def waterfall_rows(waterfall: Waterfall) -> list[list[str]]:
    """One row per step: its label, how many people are left, and a bar against the matched.

    A step with people left always shows a sliver, so 'a few' never reads as 'none'.
    """
    top = max(waterfall.matched, 1)
    return [
        [
            _STEP_LABELS.get(step.name, step.name),
            f"{step.count:,}",
            "█" * round(step.count * BAR_WIDTH / top) or ("▏" if step.count else ""),
        ]
        for step in waterfall.steps
    ]


def render_waterfall(waterfall: Waterfall) -> None:
    """Matched → consented → not suppressed → contactable, for the chosen channel: one light
    table whose bars are the chart (no data grid, no Vega-Lite chart beside the same numbers)."""
    header = ["step", "people", ""]
    st.markdown(markdown_table(header, waterfall_rows(waterfall), numeric={1}))


def loo_rows(items: list[LeaveOneOut], lines: list[str]) -> list[tuple[str, int, int]]:
    """One row per top-level condition: its words, the count without it and how many it
    removes."""
    rows = []
    for item in items:
        index = _rule_index(item.path)
        label = lines[index] if index is not None and index < len(lines) else item.path
        rows.append((label, item.count_without, item.removed_by_rule))
    return rows


def render_weights(items: list[LeaveOneOut], lines: list[str]) -> None:
    """Each top-level condition's weight, as a light table."""
    rows = [[label, f"{left:,}", f"{gone:,}"] for label, left, gone in loo_rows(items, lines)]
    header = ["condition", "count without it", "people it removes"]
    st.markdown(markdown_table(header, rows, numeric={1, 2}))


def _rule_index(path: str) -> int | None:
    prefix = "root.rules["
    if path.startswith(prefix) and path.endswith("]"):
        inner = path[len(prefix) : -1]
        return int(inner) if inner.isdigit() else None
    return None


def render_folded(sections: Sequence[Folded]) -> None:
    """Each section in an expander whose content runs only while it is open: a page's first
    view draws no data grid, no chart and no SQL, and counts nothing for them. Call it from an
    ``st.fragment`` so that opening one reruns the fragment, not the page."""
    for title, key, draw in sections:
        expander = st.expander(title, key=key, on_change="rerun")
        if expander.open:
            with expander:
                draw()


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
