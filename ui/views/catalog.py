"""Catalog page: where the data comes from, how fresh it is, what each field and indicator means,
in the page's language (labels from the catalog where it has them in that language)."""

from __future__ import annotations

import streamlit as st

from ui.components import catalog_view
from ui.components.app_words import number, use_language
from ui.components.errors import guarded
from ui.resources import shared
from ui.state import app_state

said = use_language(None)
words, lang = said.catalog, app_state().language
st.title(said.pages.catalog)
with guarded(said.actions.catalog):
    catalog = shared().catalog
    st.caption(f"{catalog.description.strip()} {catalog_view.as_of_line(catalog, words)}")
    st.subheader(words.sources)
    st.dataframe(catalog_view.source_rows(catalog, words), hide_index=True)
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
        st.dataframe(catalog_view.field_rows(catalog.table(chosen), words, lang), hide_index=True)
    st.subheader(words.channels)
    st.dataframe(catalog_view.channel_rows(catalog, words), hide_index=True)
    policy = catalog.policy
    st.caption(
        words.policy.format(
            size=number(policy.max_audience_size), share=f"{policy.max_share_of_base:.0%}",
            jump=f"{policy.max_jump_factor:g}", ceiling=number(policy.hard_ceiling),
        )
    )  # fmt: skip
