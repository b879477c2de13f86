"""Rendering of an audience's figures: count, waterfall, leave-one-out, sample, breakdowns, SQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from assistant import language_of
from audience.engine import BreakdownRow, LeaveOneOut, SampleResult, Waterfall
from audience.rules import column_label, field_label, field_values
from schema_catalog import Catalog
from ui.components.app_words import AppPhrases, app_words, number, words
from ui.components.text import markdown_table, plain
from ui.state import app_state

Folded = tuple[str, str, Callable[[], None]]
"""A section drawn only while open: (title, key of its expander, what draws its content)."""

_STEPS = ("matched", "consented", "not_suppressed", "contactable")
"""The waterfall's steps: their labels are keys of the ``figures`` words."""


BAR_WIDTH = 12
"""Characters of the widest bar (the matched count) in the waterfall."""


def waterfall_rows(waterfall: Waterfall, language: str = "en") -> list[list[str]]:
    """One row per step: its label, how many people are left, and a bar against the matched.

    A step with people left always shows a sliver, so 'a few' never reads as 'none'.
    """
    said = app_words(language).figures
    top = max(waterfall.matched, 1)
    return [
        [
            str(getattr(said, step.name)) if step.name in _STEPS else step.name,
            number(step.count, language),
            "█" * round(step.count * BAR_WIDTH / top) or ("▏" if step.count else ""),
        ]
        for step in waterfall.steps
    ]


def render_waterfall(waterfall: Waterfall) -> None:
    """Matched → consented → not suppressed → contactable, for the chosen channel: one light
    table whose bars are the chart (no data grid, no Vega-Lite chart beside the same numbers)."""
    language = app_state().language
    said = app_words(language).figures
    rows = waterfall_rows(waterfall, language)
    st.markdown(markdown_table([said.step, said.people, ""], rows, numeric={1}))


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
    said = words().figures
    rows = [[label, number(left), number(gone)] for label, left, gone in loo_rows(items, lines)]
    header = [said.condition, said.count_without, said.removes]
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


def sample_labels(catalog: Catalog, columns: Sequence[str], lang: str) -> dict[str, str]:
    """The catalog's label, in ``lang``, of each profile column of a sample.

    >>> from schema_catalog import load_catalog
    >>> sample_labels(load_catalog(), ["customer_id", "loyalty_tier"], "fr")["loyalty_tier"]
    'niveau de fidélité'
    """
    profile = catalog.profile_table
    return {
        name: column_label(catalog, profile.name, name, lang)
        for name in columns
        if profile.has_column(name)
    }


def render_sample(sample: SampleResult, catalog: Catalog) -> None:
    """A few members, PII masked, their columns under the catalog's labels."""
    said = words().figures
    if not sample.rows:
        st.caption(said.nobody)
        return
    labels = sample_labels(catalog, sample.columns, language_of(app_state().language))
    st.dataframe(
        list(sample.rows), column_order=list(sample.columns), column_config=labels,
        hide_index=True,
    )  # fmt: skip
    if sample.masked and sample.masked_columns:
        masked = ", ".join(labels.get(name, name) for name in sample.masked_columns)
        st.caption(plain(said.masked.format(columns=masked)))


def breakdown_rows(
    rows: list[BreakdownRow], said: AppPhrases, labels: Mapping[str, str] | None = None
) -> list[dict[str, str | int | float]]:
    """Rows for a chart, its columns named in ``said``'s language: the value (by its label in
    ``labels``, yes/no for a flag, '(none)' when missing), members and share."""
    return [
        {
            said.figures.value: _bucket(r.value, said, labels or {}),
            said.figures.members: r.count,
            said.figures.share: round(r.share * 100, 1),
        }
        for r in rows
    ]


def _bucket(value: object, said: AppPhrases, labels: Mapping[str, str]) -> str:
    if value is None:
        return said.figures.none_value
    if isinstance(value, bool):
        return said.builder.true_value if value else said.builder.false_value
    return labels.get(str(value), str(value))


def render_breakdown(catalog: Catalog, name: str, rows: list[BreakdownRow]) -> None:
    """A bar chart of members per value of the field ``name``, under its label, its values by
    their labels in the page's language."""
    said, lang = words(), language_of(app_state().language)
    st.markdown(f"**{plain(field_label(catalog, name, lang))}**")
    data = breakdown_rows(rows, said, field_values(catalog, name, lang))
    if not data:
        st.caption(said.figures.no_members)
        return
    st.bar_chart(data, x=said.figures.value, y=said.figures.members, height=220)
