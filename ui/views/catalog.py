"""Catalog page: where the data comes from, how fresh it is, what each field and indicator means."""

from __future__ import annotations

import streamlit as st

from ui.components import catalog_view
from ui.components.app_words import use_language
from ui.components.errors import guarded
from ui.resources import shared

said = use_language(None)
st.title(said.pages.catalog)
with guarded(said.actions.catalog):
    catalog = shared().catalog
    st.caption(f"{catalog.description.strip()} Data as of {catalog.as_of_text()}.")
    st.subheader("Sources")
    st.dataframe(catalog_view.source_rows(catalog), hide_index=True)
    st.subheader("Indicators")
    st.dataframe(catalog_view.indicator_rows(catalog), hide_index=True)
    st.subheader("Tables")
    st.dataframe(catalog_view.table_rows(catalog), hide_index=True)
    names = [table.name for table in catalog.tables]
    chosen = st.selectbox("Fields of table", names, key="catalog_table")
    if chosen:
        st.dataframe(catalog_view.field_rows(catalog.table(chosen)), hide_index=True)
    st.subheader("Channels")
    st.dataframe(catalog_view.channel_rows(catalog), hide_index=True)
    policy = catalog.policy
    st.caption(
        f"Size policy: flag above {policy.max_audience_size:,} people or "
        f"{policy.max_share_of_base:.0%} of the base, or {policy.max_jump_factor:g}× the previous "
        f"approved version; two approvers above {policy.hard_ceiling:,}."
    )
