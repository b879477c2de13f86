"""The app's one shared resource: the read-only engine and the catalog, cached per data file.

This is the ONLY ``st.cache_resource`` of the app. It holds nothing per user: the engine is
read-only and every query runs on the calling thread's own cursor (``AudienceEngine.cursor``).
One engine per data file: a data file replaced on disk (a refresh, a consent revocation) is
noticed on the next run, its old engine closed and a new one opened on the file as it is now.
The workspace (users file) and the store are read per call, never cached: they are files other
processes change.

Opening an engine also starts a warm-up in the background (``warm_up``): what the first answer
of a new server would otherwise wait for is loaded while the user is still typing.
"""

from __future__ import annotations

import importlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assistant import warm_up as warm_up_planning
from audience.engine import AudienceEngine
from audience.workflow import AudienceService, Store, Workspace, open_workspace_store, workspace_of
from schema_catalog import Catalog, load_catalog
from settings import Settings, load_settings


@dataclass(frozen=True)
class Shared:
    """What every session reads: the catalog and the read-only engine over the database."""

    catalog: Catalog
    engine: AudienceEngine


class _Engines:
    """The open engines of this process, one per (database, catalog folder).

    A file replaced on disk is noticed on the next call (``AudienceEngine.is_current``): its
    engine is closed and a new one opened. Closing matters: DuckDB shares one database instance
    per path within a process, so a new connection would read the old file while the old one
    stays open.
    """

    def __init__(self) -> None:
        self._open: dict[tuple[str, str | None], Shared] = {}
        self._lock = threading.Lock()

    def get(self, database: str, catalog_dir: str | None) -> Shared:
        """The engine of ``database`` (a DuckDB path or a server target) with its catalog."""
        key = (database, catalog_dir)
        with self._lock:
            found = self._open.get(key)
            if found is not None and found.engine.is_current():
                return found
            if found is not None:
                found.engine.close()
            catalog = load_catalog(Path(catalog_dir) if catalog_dir else None)
            engine = AudienceEngine(database, catalog)
            # The engine's catalog has `as_of: latest|now` resolved against this data.
            found = Shared(catalog=engine.catalog, engine=engine)
            self._open[key] = found
            threading.Thread(
                target=warm_up, args=(found.catalog,), name="perimeter-warm-up", daemon=True
            ).start()
            return found


WARM_MODULES = ("pandas", "altair")
"""What Streamlit loads for its first data grid (pandas) and chart (altair): about a second."""


def warm_up(catalog: Catalog) -> None:
    """Load, once per process, what a first request would wait for: the language packs and the
    catalog's lexicon (the first answer), then the libraries behind Streamlit's data grids and
    charts (the sample and the breakdowns, when first opened).

    A failure is logged, never raised: the request that needs the part will meet it and show it.
    """
    try:
        warm_up_planning(catalog)
        for module in WARM_MODULES:
            importlib.import_module(module)
    except Exception:  # a background thread has no one to raise to; the request will report it
        logging.getLogger(__name__).exception("warm-up failed")


@st.cache_resource(show_spinner="Opening the database…")
def _engines() -> _Engines:
    return _Engines()


def settings() -> Settings:
    """The settings, read now from the environment (cheap; never cached across workspaces)."""
    return load_settings()


def shared(current: Settings | None = None) -> Shared:
    """The catalog + engine for the configured workspace's data file as it is now on disk."""
    current = current or settings()
    catalog_dir = str(current.catalog_dir) if current.catalog_dir else None
    target = current.database_target
    database = target if current.database_is_server else str(Path(target).resolve())
    return _engines().get(database, catalog_dir)


def engine() -> AudienceEngine:
    """The read-only engine over the current data file (queries run on this thread's cursor)."""
    return shared().engine


def catalog() -> Catalog:
    """The shared catalog."""
    return shared().catalog


def workspace() -> Workspace:
    """The configured workspace: its own users file, or the demo one (read per call)."""
    return workspace_of(settings())


def store() -> Store:
    """The workspace's state store with its audit trail (opened per call: a shared file)."""
    return open_workspace_store(settings())


def service() -> AudienceService:
    """The approval workflow over this workspace's store, users and current data."""
    current = settings()
    shared_now = shared(current)
    return AudienceService(
        open_workspace_store(current), shared_now.catalog, shared_now.engine, workspace_of(current)
    )
