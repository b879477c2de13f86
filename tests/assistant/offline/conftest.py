"""Fixtures of the offline planner tests."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog, load_catalog
from tests.support.planning import CINEMA


@pytest.fixture(scope="session")
def cinema() -> Catalog:
    """The small cinema catalog of ``tests/fixtures/catalogs/cinema``."""
    return load_catalog(CINEMA)


@pytest.fixture(scope="session")
def grocery() -> Catalog:
    """The grocery eval domain's catalog: baskets and their lines, fuel, coupons, drive slots."""
    from evals.domains import get_domain

    return get_domain("grocery").load_catalog()


@pytest.fixture(scope="session")
def telecom() -> Catalog:
    """The telecom eval domain's catalog: accounts, subscriptions, plan changes, renewals."""
    from evals.domains import get_domain

    return get_domain("telecom").load_catalog()
