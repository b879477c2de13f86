"""The app's one shared resource: the read-only engine and the catalog, cached per process.

This is the ONLY ``st.cache_resource`` of the app. It holds nothing per user: the engine is
read-only and every query runs on the calling thread's own cursor (``AudienceEngine.cursor``):
Streamlit runs each session's script on its own thread, so sessions never share a cursor. The
cache is keyed by the database path and catalog folder, so two workspaces in one process (tests)
never share an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from audience.engine import AudienceEngine
from audience.workflow import AudienceService, load_workspace, open_store, store_path
from schema_catalog import Catalog, load_catalog
from settings import Settings, load_settings


@dataclass(frozen=True)
class Shared:
    """What every session reads: the catalog and the read-only engine over the database."""

    catalog: Catalog
    engine: AudienceEngine


@st.cache_resource(show_spinner="Opening the customer database…")
def _shared(database_path: str, catalog_dir: str | None) -> Shared:
    catalog = load_catalog(Path(catalog_dir) if catalog_dir else None)
    engine = AudienceEngine(database_path, catalog)
    # The engine's catalog has `as_of: latest|now` resolved against this data.
    return Shared(catalog=engine.catalog, engine=engine)


def settings() -> Settings:
    """The settings, read now from the environment (cheap; never cached across workspaces)."""
    return load_settings()


def shared(current: Settings | None = None) -> Shared:
    """The cached catalog + engine for the configured workspace."""
    current = current or settings()
    catalog_dir = str(current.catalog_dir) if current.catalog_dir else None
    target = current.database_target
    return _shared(
        target if current.database_is_server else str(Path(target).resolve()), catalog_dir
    )


def engine() -> AudienceEngine:
    """The shared read-only engine (queries run on this thread's own cursor)."""
    return shared().engine


def catalog() -> Catalog:
    """The shared catalog."""
    return shared().catalog


def service() -> AudienceService:
    """The approval workflow over this workspace's state store (opened per call: not cached,
    since the store is a file several processes write)."""
    current = settings()
    shared_now = shared(current)
    store = open_store(store_path(current))
    return AudienceService(store, shared_now.catalog, shared_now.engine, load_workspace())
