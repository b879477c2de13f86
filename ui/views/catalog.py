"""Catalog page: where the data comes from, how fresh it is, what each field and indicator means,
who is never targeted, and what the catalog checks find, in the page's language (the catalog's
words in that language where it has them, marked where it has not)."""

from __future__ import annotations

import streamlit as st

from schema_catalog import check_catalog, check_synonym_collisions
from ui.components import catalog_view
from ui.components.app_words import number, use_language
from ui.components.errors import guarded, issue_text
from ui.components.text import markdown_table, plain
from ui.resources import shared
from ui.state import app_state

CHECKS_KEY = "catalog_checks"

said = use_language(None)
words, lang = said.catalog, app_state().language
st.title(said.pages.catalog)
with guarded(said.actions.catalog):
    catalog = shared().catalog
    local = catalog_view.Localiser(catalog, words, lang)
    description = local(catalog.descriptions, catalog.description.strip())
    st.caption(plain(f"{description} {catalog_view.as_of_line(catalog, words)}"))
    st.subheader(words.sources)
    st.dataframe(catalog_view.source_rows(catalog, words, lang), hide_index=True)
    st.subheader(words.indicators)
    st.dataframe(catalog_view.indicator_rows(catalog, words, lang), hide_index=True)
    st.subheader(words.tables)
    st.dataframe(catalog_view.table_rows(catalog, words, lang), hide_index=True)
    names = [table.name for table in catalog.tables]
    chosen = st.selectbox(
        words.fields_of, names, key="catalog_table",
        format_func=lambda name: catalog_view.table_choice(catalog.table(name), lang),
    )  # fmt: skip
    if chosen:
        rows = catalog_view.field_rows(catalog, catalog.table(chosen), words, lang)
        st.dataframe(rows, hide_index=True)
    st.subheader(words.channels)
    st.dataframe(catalog_view.channel_rows(catalog, words, lang), hide_index=True)
    policy = catalog.policy
    st.caption(
        words.policy.format(
            size=number(policy.max_audience_size),
            share=number(policy.max_share_of_base, share=True),
            jump=number(policy.max_jump_factor), ceiling=number(policy.hard_ceiling),
        )
    )  # fmt: skip
    st.subheader(words.targeting)
    restrictions = catalog_view.restriction_rows(catalog, words, lang)
    if restrictions:
        st.dataframe(restrictions, hide_index=True)
    else:
        st.caption(words.no_restriction)
    topics = catalog_view.topic_lines(catalog, words, lang)
    if topics:
        st.markdown("\n".join([plain(words.topics), *(f"- {plain(line)}" for line in topics)]))
    checks = st.expander(words.checks, key=CHECKS_KEY, on_change="rerun")
    if checks.open:  # the checks run when opened
        with checks:
            issues = [*check_catalog(catalog), *check_synonym_collisions(catalog)]
            if not issues:
                st.caption(words.no_issue)
            columns = [words.columns.severity, words.columns.where, words.columns.problem]
            cells = [
                [words.severities.of(i.severity.value), i.path, issue_text(i, catalog)]
                for i in issues
            ]
            if cells:
                st.markdown(markdown_table(columns, cells))
