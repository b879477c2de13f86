"""Fixtures of the offline planner tests."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog, Column, ColumnType, load_catalog
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


@pytest.fixture(scope="session")
def ending(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members' memberships end on a day that may lie ahead."""
    members = cinema.table("moviegoers")
    ends = Column(
        name="membership_ends_on",
        type=ColumnType.DATE,
        label="Membership end",
        synonyms=("membership end", "membership ends"),
        description="Last day of the paid membership; often after the data's date.",
        future_dates=True,
    )
    changed = members.model_copy(update={"columns": (*members.columns, ends)})
    tables = tuple(changed if t.name == "moviegoers" else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})
