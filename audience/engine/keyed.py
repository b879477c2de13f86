"""Profile keys as the engine hands them to a backend for a query restricted to them (export
contacts, named profiles): an Arrow array of the key column's type, whatever the key's type
(integer, text, UUID). DuckDB registers it as a relation, the servers turn it into literals
(``audience.engine.backend.Backend.table_for_ids``): never SQL text."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from audience.errors import EngineUsageError
from languages import say
from schema_catalog import Catalog, ProfileKey


def key_array(catalog: Catalog, keys: Sequence[ProfileKey]) -> pa.Array:
    """Keys as an Arrow array of the key column's type: int64 for integer keys, else text.

    Raises:
        EngineUsageError: text keys for a catalog whose key is an integer.
    """
    if not catalog.integer_keys:
        return pa.array([str(key) for key in keys], type=pa.string())
    if not all(isinstance(key, int) for key in keys):
        message = say("integer_key_got_text", key=catalog.profile.key)
        raise EngineUsageError(message, hint=say("pass_engine_keys"))
    return pa.array(list(keys), type=pa.int64())
