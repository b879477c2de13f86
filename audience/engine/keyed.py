"""Queries restricted to a given list of profile keys (export contacts, named profiles).

The keys travel as a registered Arrow relation of the key column's type, never as SQL text, and
whatever their type (integer, text, UUID). The relation is not a catalog table, so the key filter
is added after the guard has passed the catalog part of the query.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import duckdb
import pyarrow as pa
from sqlglot import exp

from audience.compile.guard import guard_select
from audience.engine import queries
from audience.engine.connection import EngineLimits, map_exceptions
from audience.errors import EngineUsageError
from schema_catalog import Catalog, ProfileKey

KEYS_COLUMN = "member_id"


def key_array(catalog: Catalog, keys: Sequence[ProfileKey]) -> pa.Array:
    """Keys as an Arrow array of the key column's type: int64 for integer keys, else text.

    Raises:
        EngineUsageError: text keys for a catalog whose key is an integer.
    """
    if not catalog.integer_keys:
        return pa.array([str(key) for key in keys], type=pa.string())
    if not all(isinstance(key, int) for key in keys):
        raise EngineUsageError(
            f"The profile key {catalog.profile.key!r} is an integer; got text keys.",
            hint="Pass the member keys the engine returned for this catalog.",
        )
    return pa.array(list(keys), type=pa.int64())


def rows_for_keys(
    cursor: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    query: tuple[exp.Select, exp.Column],
    keys: Sequence[ProfileKey],
    limits: EngineLimits,
) -> pa.Table:
    """Run ``query`` (a SELECT and its key column) for the profiles in ``keys`` only."""
    select, key = query
    guard_select(select, catalog)
    relation = f"perimeter_keys_{uuid.uuid4().hex}"
    table = pa.table({KEYS_COLUMN: key_array(catalog, keys)})
    compared = key if catalog.integer_keys else exp.cast(key, exp.DataType.Type.VARCHAR)
    restricted = queries.restrict_to_ids(select, compared, relation, KEYS_COLUMN)
    with map_exceptions("keyed query", limits):
        cursor.register(relation, table)
        try:
            return cursor.sql(restricted.sql(dialect="duckdb")).to_arrow_table()
        finally:
            cursor.unregister(relation)
