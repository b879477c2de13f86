"""Fixtures of the offline planner tests."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog, load_catalog
from tests.support.planning import CINEMA


@pytest.fixture(scope="session")
def cinema() -> Catalog:
    """The small cinema catalog of ``tests/fixtures/catalogs/cinema``."""
    return load_catalog(CINEMA)
