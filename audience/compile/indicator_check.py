"""Check-time proof that every dynamic indicator compiles, passes the guard and runs.

``perimeter catalog check`` calls this so that an indicator whose SQL the guard would refuse at
query time (a function outside the allow-list) or the database cannot run (a type error, a
column that is not there) is reported when the catalog is written, naming the indicator and the
offending function, instead of when a marketer asks a question. With a reader, each indicator
runs as ``SELECT key, value FROM (<indicator>) LIMIT 0``: planned and type-checked by the
database, no row read.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from audience.compile import sql_parts as sql
from audience.compile.guard import guard_select
from audience.compile.targets import DYNAMIC_ALIAS_PREFIX, dynamic_indicator_query
from audience.errors import CompileError, SqlGuardError
from languages import say
from schema_catalog import (
    Catalog,
    DatabaseReader,
    Indicator,
    IndicatorMode,
    Issue,
    ReaderError,
    worded_issue,
)

DOCS_ANCHOR = "docs/catalog.md#indicators"


def indicator_probe(indicator: Indicator, catalog: Catalog) -> exp.Select:
    """``SELECT key, value FROM (<indicator SQL>) AS dyn_<name> LIMIT 0``, ``:as_of`` bound.

    Raises:
        CompileError: the SQL is missing, does not parse or is not one SELECT.
    """
    alias = f"{DYNAMIC_ALIAS_PREFIX}{indicator.name}"
    derived = dynamic_indicator_query(indicator, catalog).subquery(
        exp.to_identifier(alias, quoted=True)
    )
    key = sql.column(alias, catalog.profile.key)
    return exp.select(key, sql.column(alias, "value")).from_(derived).limit(0)


def check_indicators_run(catalog: Catalog, reader: DatabaseReader | None = None) -> list[Issue]:
    """Issues for every dynamic indicator that fails to compile, is refused, or fails to run."""
    issues: list[Issue] = []
    for indicator in catalog.indicators:
        if indicator.mode is IndicatorMode.DYNAMIC and indicator.sql:
            issues.extend(_check_one(indicator, catalog, reader))
    return issues


def _check_one(
    indicator: Indicator, catalog: Catalog, reader: DatabaseReader | None
) -> Iterator[Issue]:
    path = f"indicators.{indicator.name}.sql"
    try:
        probe = indicator_probe(indicator, catalog)
        guard_select(probe, catalog)
    except SqlGuardError as error:
        code = "indicator_function_not_allowed" if error.function else "indicator_sql_refused"
        yield worded_issue(code, path, error.wording, error.hint_wording)
        return
    except CompileError as error:
        yield worded_issue("indicator_sql_invalid", path, error.wording, error.hint_wording)
        return
    if reader is None:
        return
    try:
        reader.run_query(probe)
    except ReaderError as error:
        message = say("indicator_fails", indicator=indicator.name, reason=error.message)
        yield worded_issue(
            "indicator_sql_fails", path, message, say("fix_its_sql", docs=DOCS_ANCHOR)
        )
