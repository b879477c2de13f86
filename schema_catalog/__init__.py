"""Schema catalog: where customer data lives, what it means, how it joins to the profile."""

from schema_catalog.errors import CatalogError, CatalogLoadError, CatalogLookupError
from schema_catalog.issues import Issue, Severity, has_errors
from schema_catalog.model import Catalog

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogLoadError",
    "CatalogLookupError",
    "Issue",
    "Severity",
    "has_errors",
]
