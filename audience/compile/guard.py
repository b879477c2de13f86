"""The SQL guard: the last look at a query before it reaches the engine.

Walks the whole AST and refuses anything that is not one read-only SELECT over catalog tables and
columns: every node type must be on an allow-list (query structure, operators, and the families of
ordinary safe functions in ``FUNCTION_GROUPS``), so DDL, DML, commands, pragmas, SET, ATTACH, COPY,
table functions (``read_csv``, ``glob``), system and clock functions and file paths are refused by
construction. A refused function names the indicator whose SQL holds it and lists what is
allowed. In the spirit of WrenAI's ``policy.py``, but allow-list first.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from audience.compile.targets import DYNAMIC_ALIAS_PREFIX
from audience.errors import SqlGuardError
from languages import Wording, say
from schema_catalog import Catalog

STRUCTURE_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.Select, exp.From, exp.Where, exp.Group, exp.Having, exp.Order, exp.Ordered, exp.Limit,
    exp.Subquery, exp.Table, exp.TableAlias, exp.Alias, exp.Identifier, exp.Column, exp.Star,
    exp.With, exp.CTE, exp.Join, exp.Distinct, exp.Window, exp.Filter, exp.Exists,
})  # fmt: skip
"""Query structure: what the compiler builds, plus joins, DISTINCT, windows and EXISTS that
indicator SQL written by a data team and hand-written key queries (eval expectations,
``AudienceEngine.select_keys``) use."""

VALUE_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Neg, exp.DataType, exp.DataTypeParam,
    exp.Interval, exp.Var, exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT,
    exp.LTE, exp.Is, exp.In,
    exp.Between, exp.Add, exp.Sub, exp.Mul, exp.Div, exp.IntDiv, exp.Mod, exp.Like, exp.ILike,
    exp.DPipe,
})  # fmt: skip
"""Literals, operators and comparisons."""

FUNCTION_GROUPS: dict[str, frozenset[type[exp.Expr]]] = {
    "aggregate": frozenset({
        exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Median, exp.CountIf, exp.ArgMax,
        exp.ArgMin, exp.AnyValue, exp.Stddev, exp.Variance, exp.RowNumber,
    }),
    "date and time": frozenset({
        exp.Year, exp.Quarter, exp.Month, exp.Week, exp.WeekOfYear, exp.Day, exp.DayOfMonth,
        exp.DayOfWeek, exp.DayOfWeekIso, exp.DayOfYear, exp.Hour, exp.Minute, exp.Second,
        exp.Extract, exp.DateTrunc, exp.TimestampTrunc, exp.DateAdd, exp.DateSub, exp.DateDiff,
        exp.TimestampAdd, exp.TimestampSub, exp.TimestampDiff, exp.LastDay, exp.DateFromParts,
        exp.TimeToStr, exp.StrToTime, exp.StrToDate, exp.Dayname, exp.Monthname,
    }),
    "text": frozenset({
        exp.Lower, exp.Upper, exp.Trim, exp.Length, exp.Substring, exp.Concat, exp.ConcatWs,
        exp.Replace, exp.StrPosition, exp.StartsWith, exp.EndsWith, exp.Contains, exp.Left,
        exp.Right, exp.Pad, exp.Initcap, exp.SplitPart, exp.RegexpLike, exp.RegexpExtract,
    }),
    "math": frozenset({
        exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Ln, exp.Log, exp.Exp, exp.Pow, exp.Sqrt,
        exp.Sign, exp.Greatest, exp.Least,
    }),
    "conditional and casts": frozenset({
        exp.Case, exp.If, exp.Coalesce, exp.Nullif, exp.Cast, exp.TryCast,
        exp.TsOrDsToDate, exp.TimeStrToTime,  # casts Spark's parser puts in YEAR(), DATE_FORMAT()
    }),
    "hashing": frozenset({exp.MD5}),  # deterministic samples of text and UUID keys
}  # fmt: skip
"""The allow-list of functions, by family: ordinary safe scalar and aggregate functions.

Anything else is refused, in particular functions that read files or the network
(``read_csv``, ``glob``), reveal or change the system (``getenv``, ``current_setting``,
``duckdb_settings``), have side effects, or read the clock (``now()``, ``current_date``: a dataset's
"now" is ``:as_of``, so an indicator stays reproducible). Extend it here, with a test, when a
catalog needs another harmless function."""

FUNCTION_NODES: frozenset[type[exp.Expr]] = frozenset().union(*FUNCTION_GROUPS.values())

NAMED_FUNCTIONS = frozenset({"date_part", "datepart"})
"""Functions sqlglot parses as ``Anonymous`` (no dedicated node) that are allowed, by name."""

ALLOWED_NODES = STRUCTURE_NODES | VALUE_NODES | FUNCTION_NODES

TIME_UNITS = frozenset({
    "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "DOW", "ISODOW",
    "DOY", "DAYOFWEEK", "DAYOFYEAR", "EPOCH",
})  # fmt: skip
"""The only bare words (``exp.Var``) allowed: units of INTERVAL, EXTRACT, DATE_TRUNC, DATE_DIFF."""


def allowed_functions() -> dict[str, list[str]]:
    """The allow-list as SQL names per family, for error hints and the documentation.

    >>> "YEAR" in allowed_functions()["date and time"]
    True
    """
    listed = {
        family: sorted({_sql_name(kind) for kind in kinds})
        for family, kinds in FUNCTION_GROUPS.items()
    }
    listed["date and time"] = sorted({*listed["date and time"], "DATE_PART"})
    return listed


DUCKDB_NAMES: dict[type[exp.Expr], str] = {
    exp.StrPosition: "STRPOS", exp.Pad: "LPAD/RPAD", exp.TimeToStr: "STRFTIME",
    exp.StrToTime: "STRPTIME", exp.StrToDate: "STRPTIME", exp.DateFromParts: "MAKE_DATE",
    exp.RegexpLike: "REGEXP_MATCHES", exp.DayOfWeekIso: "ISODOW", exp.DayOfMonth: "DAYOFMONTH",
    exp.DayOfWeek: "DAYOFWEEK", exp.DayOfYear: "DAYOFYEAR", exp.WeekOfYear: "WEEKOFYEAR",
    exp.TimestampTrunc: "DATE_TRUNC", exp.TimestampDiff: "DATE_DIFF", exp.DateDiff: "DATE_DIFF",
    exp.TimestampAdd: "DATE_ADD", exp.TimestampSub: "DATE_SUB", exp.SafeDivide: "SAFE_DIVIDE",
    exp.Coalesce: "COALESCE/IFNULL", exp.TsOrDsToDate: "CAST", exp.TimeStrToTime: "CAST",
}  # fmt: skip
"""How DuckDB users spell the functions whose sqlglot name differs."""


def _sql_name(kind: type[exp.Expr]) -> str:
    if kind in DUCKDB_NAMES:
        return DUCKDB_NAMES[kind]
    names = kind.sql_names() if issubclass(kind, exp.Func) else []
    return str(names[0]) if names else kind.__name__.upper()


def _functions_hint() -> str:
    families = "; ".join(
        f"{family}: {', '.join(names)}" for family, names in allowed_functions().items()
    )
    return families


def _refuse(message: Wording) -> SqlGuardError:
    return SqlGuardError(message, hint=say("only_compiled_queries"))


def _indicator_of(node: exp.Expr) -> str | None:
    """The dynamic indicator whose SQL holds ``node`` (its derived table is ``dyn_<name>``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Subquery) and parent.alias.startswith(DYNAMIC_ALIAS_PREFIX):
            return parent.alias.removeprefix(DYNAMIC_ALIAS_PREFIX)
        parent = parent.parent
    return None


def _refuse_function(node: exp.Expr, name: str) -> SqlGuardError:
    indicator = _indicator_of(node)
    shown = repr(node.sql()[:60])
    message = (
        say("indicator_function_refused", function=name, indicator=indicator, sql=shown)
        if indicator
        else say("function_refused", function=name, sql=shown)
    )
    return SqlGuardError(
        message,
        hint=say("allowed_functions", families=_functions_hint()),
        function=name,
        indicator=indicator,
    )


def _check_node(node: exp.Expr) -> None:
    kind = type(node)
    if kind is exp.Anonymous:
        if node.name.lower() not in NAMED_FUNCTIONS:
            raise _refuse_function(node, node.name)
        return
    if kind not in ALLOWED_NODES:
        if isinstance(node, exp.Func):
            raise _refuse_function(node, _sql_name(kind))
        raise _refuse(say("sql_element_refused", element=kind.__name__, sql=repr(node.sql()[:60])))
    if kind is exp.Var and node.name.upper() not in TIME_UNITS:
        raise _refuse(say("bare_word_refused", word=node.name))
    if kind is exp.Star and not isinstance(node.parent, exp.Count):
        raise _refuse(say("select_star_refused"))


def _derived_columns(select: exp.Expr) -> dict[str, set[str]]:
    """Aliases of subqueries and CTEs in the statement → the column names they output."""
    derived: dict[str, set[str]] = {}
    for node in select.find_all(exp.Subquery, exp.CTE):
        if node.alias and isinstance(node.this, exp.Select):
            derived[node.alias] = {p.alias_or_name for p in node.this.expressions}
    return derived


def _check_tables(select: exp.Expr, catalog: Catalog, derived: dict[str, set[str]]) -> None:
    for table in select.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier) or table.args.get("db") or table.catalog:
            raise _refuse(say("table_reference_refused", reference=table.sql()))
        if not catalog.has_table(table.name) and table.name not in derived:
            raise _refuse(say("table_not_in_catalog", table=table.name))
        if table.alias and table.alias != table.name:
            raise _refuse(say("table_alias_refused", alias=table.alias))


def _check_columns(select: exp.Expr, catalog: Catalog, derived: dict[str, set[str]]) -> None:
    used = {t.name for t in select.find_all(exp.Table)}
    outputs = {name for names in derived.values() for name in names}
    outputs |= {a.alias for a in select.find_all(exp.Alias)}
    for column in select.find_all(exp.Column):
        qualifier = column.table
        if qualifier in derived:
            ok = column.name in derived[qualifier]
        elif qualifier:
            ok = catalog.has_table(qualifier) and catalog.table(qualifier).has_column(column.name)
        else:
            ok = column.name in outputs or any(
                catalog.has_table(t) and catalog.table(t).has_column(column.name) for t in used
            )
        if not ok:
            raise _refuse(say("column_not_in_catalog", reference=column.sql()))


def guard_select(select: exp.Expr, catalog: Catalog) -> None:
    """Refuse anything but one read-only SELECT over catalog tables, columns and functions.

    Raises:
        SqlGuardError: naming the first offending element.
    """
    if not isinstance(select, exp.Select):
        raise _refuse(say("only_select", element=type(select).__name__))
    for node in select.walk():
        _check_node(node)
    derived = _derived_columns(select)
    _check_tables(select, catalog, derived)
    _check_columns(select, catalog, derived)


_NON_FINITE = frozenset({"nan", "inf", "infinity"})


def guard_sql_text(text: str, *, dialect: str = "duckdb") -> str:
    """The SQL text that runs, checked once more: no bare ``NaN`` / ``Infinity`` words (a
    non-finite number rendered unquoted reads as a column name or a special value).

    >>> guard_sql_text("SELECT 1 WHERE x > 2.5")
    'SELECT 1 WHERE x > 2.5'

    Raises:
        SqlGuardError: a bare non-finite word appears in the text.
    """
    for token in sqlglot.tokenize(text, read=dialect):
        if token.token_type is TokenType.VAR and token.text.lower() in _NON_FINITE:
            raise _refuse(say("non_finite_word", word=token.text))
    return text


def guard_sql(text: str, catalog: Catalog, *, dialect: str = "duckdb") -> exp.Select:
    """Parse SQL text and guard it; returns the parsed SELECT.

    Raises:
        SqlGuardError: the text does not parse, holds more than one statement, or is refused.
    """
    try:
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
    except SqlglotError as error:
        raise _refuse(say("sql_does_not_parse", reason=str(error)[:200])) from error
    if len(statements) != 1:
        raise _refuse(say("one_statement_only", statements=len(statements)))
    statement = statements[0]
    guard_sql_text(text, dialect=dialect)
    guard_select(statement, catalog)
    assert isinstance(statement, exp.Select)
    return statement
