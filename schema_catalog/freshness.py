"""How fresh the data behind an audience is, against now.

Two promises are checked. The dataset's ``as_of`` is "now" for every relative window, so data
older than today makes "the last 3 days" mean three days before ``as_of``, not before today: that
is flagged once ``as_of`` falls on an earlier day than now. A snapshot indicator is recomputed on a
cadence; one computed longer ago than its cadence is flagged. Dynamic indicators are computed at
query time from the data, so they are as fresh as the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from schema_catalog.model import Cadence, Catalog, Indicator, IndicatorMode


@dataclass(frozen=True)
class Freshness:
    """How old one piece of data is at ``now``, and whether that breaks its promise."""

    name: str
    """``"data"`` for the dataset, else the indicator's name."""
    label: str
    at: datetime
    """The dataset's as_of, or the snapshot's computed-at time."""
    now: datetime
    cadence: Cadence | None
    """The snapshot's cadence; None for the dataset."""

    @property
    def age(self) -> timedelta:
        """How long before ``now`` the data was taken (zero if it is ahead of now)."""
        return max(self.now - self.at, timedelta(0))

    @property
    def stale(self) -> bool:
        """Dataset: ``as_of`` is on an earlier day than now. Snapshot: older than its cadence."""
        if self.cadence is None:
            return self.at.date() < self.now.date()
        return self.age > self.cadence.interval


def data_freshness(catalog: Catalog, now: datetime) -> Freshness:
    """The dataset's as_of against ``now``.

    >>> from schema_catalog import load_catalog
    >>> catalog = load_catalog()
    >>> data_freshness(catalog, catalog.as_of + timedelta(hours=5)).stale
    False
    >>> data_freshness(catalog, catalog.as_of + timedelta(days=60)).age.days
    60
    """
    return Freshness("data", catalog.name, catalog.as_of, now, None)


def indicator_freshness(indicator: Indicator, now: datetime) -> Freshness | None:
    """A snapshot indicator's computed-at against ``now`` and its cadence; None if dynamic."""
    if indicator.mode is IndicatorMode.DYNAMIC or indicator.computed_at is None:
        return None
    return Freshness(indicator.name, indicator.label, indicator.computed_at, now, indicator.cadence)
