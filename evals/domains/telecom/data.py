"""Onda's data generator: the steps ``evals.domains.data`` runs, in order."""

from __future__ import annotations

from evals.domains.telecom.data_sql import ACCOUNTS, MACROS, PROFILE, REGIONS, SUBSCRIPTIONS
from evals.domains.telecom.data_sql_crm import CARE, CHURN_SCORE, CONSENTS
from evals.domains.telecom.data_sql_events import (
    PLAN_CHANGES,
    RENEWALS,
    TRIALS,
    USAGE,
    VIEWING,
)
from schema_catalog.synthetic import Step

__all__ = ["MACROS", "SNAPSHOT_VARIABLES", "STEPS"]

STEPS: tuple[Step, ...] = (
    ("regions", REGIONS),
    ("traits", PROFILE),
    ("accounts", ACCOUNTS),
    ("subscriptions", SUBSCRIPTIONS),
    ("renewals", RENEWALS),
    ("trials", TRIALS),
    ("plan changes", PLAN_CHANGES),
    ("usage", USAGE),
    ("viewing", VIEWING),
    ("care contacts", CARE),
    ("consents, app, do-not-contact", CONSENTS),
    ("churn score", CHURN_SCORE),
)

SNAPSHOT_VARIABLES = {"churn_at": "churn_score"}
"""DuckDB variable → snapshot indicator whose ``computed_at`` it holds (epoch seconds)."""
