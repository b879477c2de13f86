"""The app's one shared resource: the read-only engine and the catalog, cached per data file.

This is the ONLY ``st.cache_resource`` of the app. It holds nothing per user: the engine is
read-only and every query runs on the calling thread's own cursor (``AudienceEngine.cursor``).
The cache key is the database path **and the file's identity** (device, inode, size, mtime): a
data file replaced on disk (a refresh, a consent revocation) gets a new engine on the next run,
never the old file's. The workspace (users file) and the store are read per call, never cached:
they are files other processes change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from audience.engine import AudienceEngine
from audience.workflow import AudienceService, Store, Workspace, open_workspace_store, workspace_of
from schema_catalog import Catalog, load_catalog
from settings import Settings, load_settings


@dataclass(frozen=True)
class Shared:
    """What every session reads: the catalog and the read-only engine over the database."""

    catalog: Catalog
    engine: AudienceEngine


@st.cache_resource(show_spinner="Opening the customer database…", max_entries=4)
def _shared(database_path: str, file_identity: str, catalog_dir: str | None) -> Shared:
    catalog = load_catalog(Path(catalog_dir) if catalog_dir else None)
    return Shared(catalog=catalog, engine=AudienceEngine(Path(database_path), catalog))


def settings() -> Settings:
    """The settings, read now from the environment (cheap; never cached across workspaces)."""
    return load_settings()


def _identity(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def shared(current: Settings | None = None) -> Shared:
    """The catalog + engine for the configured workspace's data file as it is now on disk."""
    current = current or settings()
    catalog_dir = str(current.catalog_dir) if current.catalog_dir else None
    path = current.database_path.resolve()
    found = _shared(str(path), _identity(path), catalog_dir)
    if not found.engine.is_current():  # replaced between the stat and the open: open again
        found = _shared(str(path), _identity(path) + ":reopened", catalog_dir)
    return found


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
