"""Catalog variants for tests that exercise the compiler rather than the privacy policy."""

from __future__ import annotations

from schema_catalog import Catalog


def without_pii(catalog: Catalog) -> Catalog:
    """``catalog`` with no column flagged as personal data.

    The validator refuses value predicates on personal data (``pii_value_predicate``); compiler
    fixtures and properties that test how text operators compile on free-text columns (the demo's
    only free-text columns are names and addresses) use this variant. The policy itself is
    tested in ``tests/audience/validate/test_policy.py``.
    """
    tables = tuple(
        table.model_copy(
            update={"columns": tuple(c.model_copy(update={"pii": False}) for c in table.columns)}
        )
        for table in catalog.tables
    )
    return catalog.model_copy(update={"tables": tables})
