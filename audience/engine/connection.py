"""The hardened, read-only DuckDB connection and the one place DuckDB errors are translated.

``connect_readonly`` opens the database file read-only with external access (files, network),
extension installing/loading and community extensions off, memory, thread and time limits set,
then locks the configuration so no later statement (``SET``, ``RESET``, ``PRAGMA``) can undo it.
Every setting is read back after locking; a setting that did not take raises ``HardeningError``.

``map_exceptions`` is the boundary: every DuckDB call of the package runs inside it, and it turns
``duckdb.Error`` into ``audience.errors`` subclasses whose messages say what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from audience.errors import (
    DatabaseBusyError,
    DatabaseNotFoundError,
    EngineError,
    HardeningError,
    QueryMemoryError,
    QueryRefusedError,
    QueryTimeoutError,
    SchemaMismatchError,
)
from languages import say

SettingValue = str | bool | int | float | list[str]
"""A DuckDB configuration value, as ``duckdb.connect(config=...)`` types it."""


@dataclass(frozen=True)
class EngineLimits:
    """Resource limits of one engine: DuckDB memory, worker threads and per-query time.

    >>> EngineLimits().max_execution_ms
    30000
    """

    memory_limit: str = "2GB"
    threads: int = 2
    max_execution_ms: int = 30_000


_LOCKED_OFF: dict[str, SettingValue] = {
    "access_mode": "READ_ONLY",
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
}


def hardening_config(limits: EngineLimits) -> dict[str, SettingValue]:
    """The DuckDB configuration applied at connect time, before ``lock_configuration``."""
    return {
        **_LOCKED_OFF,
        "memory_limit": limits.memory_limit,
        "threads": limits.threads,
        "max_execution_time": limits.max_execution_ms,
    }


def connect_readonly(
    database: Path, limits: EngineLimits = EngineLimits()
) -> duckdb.DuckDBPyConnection:
    """Open ``database`` read-only, hardened and locked.

    Args:
        database: The DuckDB file; it must exist (read-only mode never creates one).
        limits: Memory, threads and per-query time limit.

    Raises:
        DatabaseNotFoundError: the file does not exist.
        DatabaseBusyError: a writer process holds the file.
        HardeningError: a setting is not in effect after connecting.
    """
    if not database.is_file():
        raise DatabaseNotFoundError(
            say("no_duckdb_file", path=str(database)), hint=say("point_database")
        )
    with map_exceptions("connection", limits):
        connection = duckdb.connect(str(database), config=hardening_config(limits))
        try:
            _lock_configuration(connection)
            verify_hardening(connection, limits)
        except BaseException:
            connection.close()
            raise
    return connection


def _lock_configuration(connection: duckdb.DuckDBPyConnection) -> None:
    # DuckDB shares one instance per file and configuration within a process: a second connection
    # to an already locked instance must not (and cannot) lock again; verification still runs.
    if current_setting(connection, "lock_configuration") != "true":
        connection.execute("SET lock_configuration = true").fetchall()


def verify_hardening(connection: duckdb.DuckDBPyConnection, limits: EngineLimits) -> None:
    """Read every hardening setting back; raise ``HardeningError`` on the first that differs."""
    expected = {
        **{name: _normalise(value) for name, value in _LOCKED_OFF.items()},
        "memory_limit": _canonical_memory_limit(limits.memory_limit),
        "threads": str(limits.threads),
        "max_execution_time": str(limits.max_execution_ms),
        "lock_configuration": "true",
    }
    for name, wanted in expected.items():
        actual = current_setting(connection, name)
        if actual != wanted:
            message = say("setting_not_in_effect", setting=name, actual=actual, wanted=wanted)
            raise HardeningError(message, hint=say("pin_duckdb"))


def current_setting(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    """The value of a DuckDB setting as lower-case text (``'true'``, ``'read_only'``, ``'2'``)."""
    row = connection.execute("SELECT CAST(current_setting(?) AS VARCHAR)", [name]).fetchall()
    return str(row[0][0]).lower()


def _normalise(value: SettingValue) -> str:
    return str(value).lower()


def _canonical_memory_limit(memory_limit: str) -> str:
    # DuckDB reports memory_limit rounded in its own units ("1.8 GiB" for "2GB"); ask a throwaway
    # in-memory instance how it spells the requested value instead of re-implementing its rounding.
    with duckdb.connect(":memory:", config={"memory_limit": memory_limit}) as scratch:
        return current_setting(scratch, "memory_limit")


_TIMEOUT_MARKER = "maximum execution time"


def _timeout_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    seconds = limits.max_execution_ms / 1000
    message = say("query_timeout", operation=operation, seconds=f"{seconds:g}")
    return QueryTimeoutError(message, hint=say("narrow_or_raise_time"))


def _memory_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    names = {"operation": operation, "limit": limits.memory_limit, "raw": _first_line(error)}
    return QueryMemoryError(say("query_memory", **names), hint=say("narrow_or_raise_memory"))


def _refused_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    message = say("query_refused", operation=operation, raw=_first_line(error))
    return QueryRefusedError(message, hint=say("only_single_selects"))


def _schema_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    message = say("schema_mismatch", operation=operation, raw=_first_line(error))
    return SchemaMismatchError(message, hint=say("check_catalog_against_data"))


def _io_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    if "lock" in str(error).lower():
        message = say("database_locked", operation=operation, raw=_first_line(error))
        return DatabaseBusyError(message, hint=say("wait_for_writer"))
    return EngineError(say("io_error", operation=operation, raw=_first_line(error)))


def _connection_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    if "closed" in str(error).lower():
        message = say("connection_closed", operation=operation)
        return EngineError(message, hint=say("open_new_engine"))
    message = say("operation_failed", operation=operation, raw=_first_line(error))
    return EngineError(message, hint=say("other_engine_limits"))


def _generic_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    message = say("backend_failed", backend="DuckDB", operation=operation, raw=_first_line(error))
    return EngineError(message)


ErrorFactory = Callable[[str, EngineLimits, duckdb.Error], EngineError]

# Most specific first: the first class the error is an instance of wins.
_TRANSLATIONS: tuple[tuple[type[duckdb.Error], ErrorFactory], ...] = (
    (duckdb.OutOfMemoryException, _memory_error),
    (duckdb.PermissionException, _refused_error),
    (duckdb.CatalogException, _schema_error),
    (duckdb.BinderException, _schema_error),
    (duckdb.IOException, _io_error),
    (duckdb.ConnectionException, _connection_error),
    (duckdb.Error, _generic_error),
)


def translate_error(operation: str, limits: EngineLimits, error: duckdb.Error) -> EngineError:
    """The package error for a DuckDB error (see ``map_exceptions``)."""
    if isinstance(error, duckdb.InterruptException) and _TIMEOUT_MARKER in str(error).lower():
        return _timeout_error(operation, limits, error)
    if isinstance(error, duckdb.InvalidInputException) and _is_refusal(error):
        return _refused_error(operation, limits, error)
    for error_type, factory in _TRANSLATIONS:
        if isinstance(error, error_type):
            return factory(operation, limits, error)
    return _generic_error(operation, limits, error)


def _is_refusal(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "read-only" in text or "configuration has been locked" in text


@contextmanager
def map_exceptions(operation: str, limits: EngineLimits) -> Iterator[None]:
    """Translate DuckDB errors raised inside the block into ``audience.errors`` subclasses.

    Args:
        operation: What was being done, for the message (``"count"``, ``"sample"``).
        limits: The limits in force, quoted by timeout and memory messages.
    """
    try:
        yield
    except duckdb.Error as error:
        raise translate_error(operation, limits, error) from error


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
