"""Freshness: the dataset's as_of against today, snapshots against their cadence."""

from __future__ import annotations

from datetime import timedelta

from schema_catalog import Catalog, data_freshness, indicator_freshness


def test_data_is_stale_from_the_day_after_its_as_of(catalog: Catalog) -> None:
    same_day = data_freshness(catalog, catalog.as_of + timedelta(hours=23))
    next_day = data_freshness(catalog, catalog.as_of + timedelta(days=1))
    assert (same_day.stale, next_day.stale) == (False, True)
    assert data_freshness(catalog, catalog.as_of - timedelta(days=3)).age == timedelta(0)


def test_a_snapshot_older_than_its_cadence_is_stale(catalog: Catalog) -> None:
    monthly = catalog.indicator("predicted_value")
    assert monthly.computed_at is not None and monthly.cadence is not None
    within = indicator_freshness(monthly, monthly.computed_at + timedelta(days=30))
    beyond = indicator_freshness(monthly, monthly.computed_at + timedelta(days=76))
    assert within is not None and beyond is not None
    assert (within.stale, beyond.stale, beyond.age.days) == (False, True, 76)


def test_dynamic_indicators_have_no_freshness_of_their_own(catalog: Catalog) -> None:
    assert indicator_freshness(catalog.indicator("active_customer"), catalog.as_of) is None
