"""Apache Spark: guarded SELECTs through ``spark.sql``, with a job timeout and cancellation.

Spark has no read-only mode, so only one thing ever reaches ``spark.sql``: the text of a
``GuardedQuery`` (the engine's AST guard passed), parsed back here in Spark's dialect and guarded
against the catalog once more, so a text that is not the one guarded SELECT over catalog tables
(a forged query, a rendering that reads differently in Spark) never runs. The session also turns
off SQL on files (``spark.sql.runSQLOnFiles``: no ``parquet.`/path```). Each query runs in a job
group of its own; a timer cancels the group (interrupting its tasks, and refusing any job the
group submits afterwards) when ``EngineLimits.max_execution_ms`` passes, and the query raises
``QueryTimeoutError``.

Targets: ``spark:<master>`` reads the tables of the Spark catalog's current database;
``spark:<master>?parquet=DIR`` registers one temporary view per sub-folder of ``DIR`` (one folder
per table, as ``perimeter demo-data --target parquet:DIR`` writes). The backend works on a session
of its own (``newSession``), sharing the process' SparkContext, so its views and settings never
mix with another user's.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlglot import exp

from audience.compile import guard_sql
from audience.engine.backend import GuardedQuery, Row, table_by_id_chunks
from audience.engine.connection import EngineLimits
from audience.errors import (
    DatabaseNotFoundError,
    EngineError,
    QueryRefusedError,
    QueryTimeoutError,
    SchemaMismatchError,
    SqlGuardError,
)
from languages import say
from schema_catalog import Catalog, ReaderError
from schema_catalog.server_readers import SparkReader, register_parquet, spark_parts


def _spark_session(master: str) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineError(say("spark_missing")) from error
    builder = SparkSession.builder.master(master).appName("perimeter")
    shared = builder.config("spark.ui.enabled", "false").getOrCreate()
    session = shared.newSession()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    session.conf.set("spark.sql.runSQLOnFiles", "false")
    return session


class SparkBackend:
    """Guarded queries on Spark (local or a cluster master).

    Args:
        target: ``spark:<master>`` or ``spark:<master>?parquet=DIR``.
        limits: ``max_execution_ms`` is the job timeout.
        catalog: The catalog every query text is guarded against before ``spark.sql``.
    """

    dialect = "spark"

    def __init__(self, target: str, limits: EngineLimits, catalog: Catalog) -> None:
        self.target = target
        self.limits = limits
        self.catalog = catalog
        master, folder = spark_parts(target)
        if not master:
            raise EngineError(
                say("spark_no_master", target=target), hint=say("spark_master_example")
            )
        self.session = _spark_session(master)
        self._tables: dict[str, Path] = {}
        if folder is not None:
            try:
                with map_spark_errors("connection", limits, threading.Event()):
                    self._tables = register_parquet(self.session, folder)
            except ReaderError as error:
                hint = None if error.hint is None else say("detail", detail=error.hint)
                raise DatabaseNotFoundError(
                    say("detail", detail=error.message), hint=hint
                ) from error

    def rows(self, query: GuardedQuery, operation: str) -> list[Row]:
        """All rows of a guarded query, cancelled after the time limit."""
        frame = self._frame(query, operation)
        with self._deadline(operation) as fired, map_spark_errors(operation, self.limits, fired):
            return [tuple(row) for row in frame.collect()]

    def batches(self, query: GuardedQuery, operation: str, size: int) -> Iterator[list[Row]]:
        """Rows in batches, one partition at a time (``toLocalIterator``); each batch timed."""
        frame = self._frame(query, operation)
        rows = frame.toLocalIterator(prefetchPartitions=False)
        while True:
            with (
                self._deadline(operation) as fired,
                map_spark_errors(operation, self.limits, fired),
            ):
                batch = [tuple(row) for _, row in zip(range(size), rows, strict=False)]
            if not batch:
                return
            yield batch

    def table_for_ids(
        self, query: GuardedQuery, key: exp.Expr, ids: pa.Array, operation: str
    ) -> pa.Table:
        """Restrict to ``ids`` in chunks of literal ``IN`` lists."""
        return table_by_id_chunks(self, query, key, ids, operation)

    def snapshot_material(self) -> list[str]:
        """Each Parquet file's name, size and modification time (nothing for catalog tables)."""
        material = []
        for name, folder in self._tables.items():
            for file in sorted(folder.glob("*.parquet")):
                stat = file.stat()
                material.append(f"{name}/{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
        return material

    def reader(self) -> SparkReader:
        """The catalog tools' reader on this backend's session."""
        return SparkReader(self.session)

    def close(self) -> None:
        """Drop this backend's views (the shared SparkContext stays for other sessions)."""
        for name in self._tables:
            self.session.catalog.dropTempView(name)

    def _frame(self, query: GuardedQuery, operation: str) -> Any:
        _guarded_again(query.sql, self.catalog)
        with map_spark_errors(operation, self.limits, threading.Event()):
            return self.session.sql(query.sql)

    @contextmanager
    def _deadline(self, operation: str) -> Iterator[threading.Event]:
        """Run the block in a job group of its own, cancelled after ``max_execution_ms``."""
        context = self.session.sparkContext
        group = f"perimeter-{uuid.uuid4().hex}"
        fired = threading.Event()

        def cancel() -> None:
            fired.set()
            # The group's running jobs and any it submits later: a deadline that passes while
            # the query is still being planned must not be lost.
            context._jsc.sc().cancelJobGroupAndFutureJobs(group, "Perimeter: time limit reached")

        context.setJobGroup(group, f"perimeter {operation}", interruptOnCancel=True)
        timer = threading.Timer(self.limits.max_execution_ms / 1000, cancel)
        timer.start()
        try:
            yield fired
        finally:
            timer.cancel()
            context.setLocalProperty("spark.jobGroup.id", None)


def _guarded_again(text: str, catalog: Catalog) -> None:
    """Refuse any text that is not one SELECT the guard passes, read as Spark reads it."""
    try:
        guard_sql(text, catalog, dialect="spark")
    except SqlGuardError as error:
        message = say("spark_text_refused", reason=error.message)
        raise QueryRefusedError(message, hint=say("build_from_rule_trees")) from error


def translate_spark_error(
    operation: str, limits: EngineLimits, error: Exception, timed_out: bool
) -> EngineError:
    """The package error for a Spark or Py4J error (see ``map_spark_errors``)."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    names = {"operation": operation, "raw": first}
    if timed_out:
        seconds = f"{limits.max_execution_ms / 1000:g}"
        message = say("query_timeout", operation=operation, seconds=seconds)
        return QueryTimeoutError(message, hint=say("narrow_or_raise_time"))
    if type(error).__name__ == "AnalysisException":
        return SchemaMismatchError(say("schema_mismatch", **names), hint=say("write_parquet"))
    return EngineError(say("backend_failed", backend="Spark", **names))


@contextmanager
def map_spark_errors(
    operation: str, limits: EngineLimits, fired: threading.Event
) -> Iterator[None]:
    """Translate pyspark and Py4J errors raised inside the block into ``audience.errors``."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, Py4JError) as error:
        raise translate_spark_error(operation, limits, error, fired.is_set()) from error
