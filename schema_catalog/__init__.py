"""Schema catalog: where customer data lives, what it means, how it joins to the profile."""

from schema_catalog.checks import check_catalog
from schema_catalog.demo_data import (
    DemoDataError,
    DemoDataReport,
    ensure_demo_database,
    generate_demo_data,
)
from schema_catalog.drift import check_drift
from schema_catalog.errors import CatalogError, CatalogLoadError, CatalogLookupError
from schema_catalog.introspect import IntrospectionError, draft_catalog_from_database, write_draft
from schema_catalog.issues import Issue, Severity, has_errors
from schema_catalog.loader import DEMO_CATALOG_DIR, load_catalog
from schema_catalog.model import Catalog

__all__ = [
    "DEMO_CATALOG_DIR",
    "Catalog",
    "CatalogError",
    "CatalogLoadError",
    "CatalogLookupError",
    "DemoDataError",
    "DemoDataReport",
    "IntrospectionError",
    "Issue",
    "Severity",
    "check_catalog",
    "check_drift",
    "draft_catalog_from_database",
    "ensure_demo_database",
    "generate_demo_data",
    "has_errors",
    "load_catalog",
    "write_draft",
]
