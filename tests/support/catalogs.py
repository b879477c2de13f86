"""Catalog variants: without personal-data flags (compiler tests), or with one table, column or
indicator changed (catalog check tests)."""

from __future__ import annotations

from schema_catalog import Catalog, Column


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


def with_table(catalog: Catalog, name: str, **changes: object) -> Catalog:
    """``catalog`` with the table ``name`` changed by ``changes``."""
    tables = tuple(
        table.model_copy(update=changes) if table.name == name else table
        for table in catalog.tables
    )
    return catalog.model_copy(update={"tables": tables})


def with_column(catalog: Catalog, table_name: str, column_name: str, **changes: object) -> Catalog:
    """``catalog`` with the column ``table_name.column_name`` changed by ``changes``."""
    table = catalog.table(table_name)
    columns = tuple(
        column.model_copy(update=changes) if column.name == column_name else column
        for column in table.columns
    )
    return with_table(catalog, table_name, columns=columns)


def with_profile_column(catalog: Catalog, column: Column) -> Catalog:
    """``catalog`` whose profile table also has ``column``."""
    profile = catalog.profile_table
    return with_table(catalog, profile.name, columns=(*profile.columns, column))


def with_indicator(catalog: Catalog, name: str, **changes: object) -> Catalog:
    """``catalog`` with the indicator ``name`` changed by ``changes``."""
    indicators = tuple(
        indicator.model_copy(update=changes) if indicator.name == name else indicator
        for indicator in catalog.indicators
    )
    return catalog.model_copy(update={"indicators": indicators})
