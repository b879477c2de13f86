"""Marché Frais' data generator: the steps ``evals.domains.data`` runs, in order."""

from __future__ import annotations

from evals.domains.grocery.data_sql import BASKETS, MACROS, ONLINE_ORDERS, PROFILE, STORES
from evals.domains.grocery.data_sql_cards import (
    CARDHOLDERS,
    CONSENTS,
    COUPONS,
    FUEL,
    SNAPSHOTS,
)
from schema_catalog.synthetic import Step

__all__ = ["MACROS", "SNAPSHOT_VARIABLES", "STEPS"]

STEPS: tuple[Step, ...] = (
    ("stores", STORES),
    ("cards", PROFILE),
    ("online orders", ONLINE_ORDERS),
    ("baskets", BASKETS),
    ("cardholders", CARDHOLDERS),
    ("consents, app, blocks", CONSENTS),
    ("coupons", COUPONS),
    ("fuel", FUEL),
    ("snapshots", SNAPSHOTS),
)

SNAPSHOT_VARIABLES = {"segment_at": "shopper_segment", "organic_at": "organic_affinity"}
"""DuckDB variable → snapshot indicator whose ``computed_at`` it holds (epoch seconds)."""
