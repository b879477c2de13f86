"""Schema catalog: where customer data lives, what it means, how it joins to the profile.

The model, issues, errors and the YAML loader import eagerly (pydantic and PyYAML only). What
touches a database (drift check, introspection, the demo data generator) or sqlglot (the catalog
checks) loads on first use, so importing a small type never loads DuckDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from schema_catalog.as_of import (
    NewestEvent,
    newest_event,
    newest_of,
    resolve_as_of,
    resolve_as_of_from_file,
)
from schema_catalog.channels import CHANNEL_NAME_PATTERN, ChannelName, ContactFormat, Suppression
from schema_catalog.check_runner import run_checks, validate_safely
from schema_catalog.errors import CatalogError, CatalogLoadError, CatalogLookupError, ReaderError
from schema_catalog.freshness import Freshness, data_freshness, indicator_freshness
from schema_catalog.issues import (
    Issue,
    Severity,
    closest_hint,
    closest_match,
    did_you_mean,
    has_errors,
    worded_issue,
)
from schema_catalog.keys import ProfileKey, profile_key, sorted_keys
from schema_catalog.loader import DEMO_CATALOG_DIR, load_catalog
from schema_catalog.model import (
    AsOfMode,
    Cadence,
    Catalog,
    Channel,
    Column,
    ColumnType,
    GuardrailPolicy,
    Indicator,
    IndicatorMode,
    IndicatorType,
    Join,
    Profile,
    Relationship,
    Scale,
    Table,
    TableKind,
    instant_text,
)
from schema_catalog.reader import ColumnInfo, DatabaseReader, Overlap
from schema_catalog.targeting import (
    Restriction,
    SensitiveTopic,
    TargetingPolicy,
    UnknownValues,
)

_LAZY = {
    "check_catalog": "schema_catalog.checks",
    "check_drift": "schema_catalog.drift",
    "drift_issues": "schema_catalog.drift",
    "check_data": "schema_catalog.data_checks",
    "check_synonym_collisions": "schema_catalog.synonym_check",
    "draft_catalog": "schema_catalog.introspect",
    "IntrospectionError": "schema_catalog.introspect",
    "draft_catalog_from_database": "schema_catalog.introspect",
    "write_draft": "schema_catalog.introspect",
    "DuckDBReader": "schema_catalog.duckdb_reader",
    "open_duckdb_reader": "schema_catalog.duckdb_reader",
    "open_reader": "schema_catalog.server_readers",
    "is_server_target": "schema_catalog.server_readers",
}

if TYPE_CHECKING:
    from schema_catalog.checks import check_catalog
    from schema_catalog.data_checks import check_data
    from schema_catalog.drift import check_drift, drift_issues
    from schema_catalog.duckdb_reader import DuckDBReader, open_duckdb_reader
    from schema_catalog.introspect import (
        IntrospectionError,
        draft_catalog,
        draft_catalog_from_database,
        write_draft,
    )
    from schema_catalog.server_readers import is_server_target, open_reader
    from schema_catalog.synonym_check import check_synonym_collisions


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'schema_catalog' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = [
    "CHANNEL_NAME_PATTERN",
    "DEMO_CATALOG_DIR",
    "AsOfMode",
    "Cadence",
    "Catalog",
    "CatalogError",
    "CatalogLoadError",
    "CatalogLookupError",
    "Channel",
    "ChannelName",
    "Column",
    "ColumnInfo",
    "ColumnType",
    "ContactFormat",
    "DatabaseReader",
    "DuckDBReader",
    "Freshness",
    "GuardrailPolicy",
    "Indicator",
    "IndicatorMode",
    "IndicatorType",
    "IntrospectionError",
    "Issue",
    "Join",
    "NewestEvent",
    "Overlap",
    "Profile",
    "ProfileKey",
    "ReaderError",
    "Relationship",
    "Restriction",
    "Scale",
    "SensitiveTopic",
    "Severity",
    "Suppression",
    "Table",
    "TableKind",
    "TargetingPolicy",
    "UnknownValues",
    "check_catalog",
    "check_data",
    "check_drift",
    "check_synonym_collisions",
    "closest_hint",
    "closest_match",
    "data_freshness",
    "did_you_mean",
    "draft_catalog",
    "draft_catalog_from_database",
    "drift_issues",
    "has_errors",
    "indicator_freshness",
    "instant_text",
    "is_server_target",
    "load_catalog",
    "newest_event",
    "newest_of",
    "open_duckdb_reader",
    "open_reader",
    "profile_key",
    "resolve_as_of",
    "resolve_as_of_from_file",
    "run_checks",
    "sorted_keys",
    "validate_safely",
    "worded_issue",
    "write_draft",
]
