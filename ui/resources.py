"""The app's one shared resource: the read-only engine and the catalog, cached per data file.

This is the ONLY ``st.cache_resource`` of the app. It holds nothing per user: the engine is
read-only and every query runs on the calling thread's own cursor (``AudienceEngine.cursor``).
One engine per data file: a data file replaced on disk (a refresh, a consent revocation) is
noticed on the next run, its old engine closed and a new one opened on the file as it is now.
The workspace (users file) and the store are read per call, never cached: they are files other
processes change.

What a new server's first request would otherwise wait for loads in the background: the
libraries behind data grids and charts from the first run on (``warm_up_libraries``), the
language packs and the catalog's lexicon when its engine opens, while the user is still typing.
"""

from __future__ import annotations

import functools
import importlib
import logging
import threading
from collections.abc import Callable
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
            # The first answer would wait for the language packs and the lexicon: load them now.
            _in_background("perimeter-warm-planning", lambda: warm_up_planning(found.catalog))
            return found


WARM_MODULES = ("pandas", "altair")
"""What Streamlit loads for its first data grid (pandas) and chart (altair): about a second."""


@functools.cache
def warm_up_libraries() -> None:
    """Start importing, once per process, the libraries behind Streamlit's data grids and charts
    (the sample and the breakdowns, when first opened). Called on every run of the app; only the
    first call starts the import, in the background, while the first visitor signs in."""
    _in_background(
        "perimeter-warm-libraries", lambda: [importlib.import_module(m) for m in WARM_MODULES]
    )


def _in_background(name: str, work: Callable[[], object]) -> None:
    """Run ``work`` on a daemon thread. A failure is logged, never raised (the thread has no
    one to raise to): the request that needs the part meets the error and shows it."""

    def run() -> None:
        try:
            work()
        except Exception:
            logging.getLogger(__name__).exception("%s failed", name)

    threading.Thread(target=run, name=name, daemon=True).start()


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
