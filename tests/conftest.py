"""Shared fixtures: the bundled demo catalog and a small generated demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from schema_catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-customer demo database generated once per test session (per xdist worker)."""
    from schema_catalog.demo.data import generate_demo_data

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    generate_demo_data(path, customers=5_000, seed=7)
    return path


@pytest.fixture(scope="session")
def vet_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The veterinary-clinics database (an unlike business), 600 households, once per session."""
    from tests.support.vet_db import write_vet_database

    return write_vet_database(tmp_path_factory.mktemp("vet") / "clinics.duckdb", households=600)


@pytest.fixture(scope="session")
def vet_draft(vet_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalog ``perimeter catalog draft`` writes for the clinics database, loaded."""
    from schema_catalog import draft_catalog_from_database, write_draft

    folder = tmp_path_factory.mktemp("vet_draft")
    write_draft(draft_catalog_from_database(vet_db), folder)
    return load_catalog(folder)
