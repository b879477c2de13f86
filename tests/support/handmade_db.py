"""A small hand-made dataset with the demo catalog's schema, loadable into DuckDB and Python.

Used by the compiler golden fixtures and the property test. Twelve customers with deliberate
NULLs, empty strings, boundary timestamps (exactly at window edges and at ``as_of``), customers
without consent rows or events, suppressions on one channel and on all.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from schema_catalog import Catalog, ColumnType

Row = dict[str, Any]
Dataset = dict[str, list[Row]]

DUCK_TYPES = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.DECIMAL: "DOUBLE",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.DATE: "DATE",
    ColumnType.TIMESTAMP: "TIMESTAMP",
}

CUSTOMER_COLUMNS = (
    "customer_id", "email", "phone", "first_name", "last_name", "birth_date", "gender", "city",
    "country", "loyalty_tier", "loyalty_points", "signup_date", "preferred_language",
)  # fmt: skip

D = date.fromisoformat
T = datetime.fromisoformat

_CUSTOMERS = [
    (1, "ana@example.com", "+33600000001", "Ana", "Martin", D("1990-05-10"), "female", "Paris",
     "FR", "vip", 1200, D("2020-01-15"), "fr"),
    (2, "bob@example.com", None, "Bob", "Dupont", D("1985-12-01"), "male", "Lyon", "FR", "gold",
     800, D("2025-03-01"), "fr"),
    (3, None, "+33600000003", "Chloé", "Ünal", None, None, "Paris", "FR", "vip", 50,
     D("2026-09-30"), "en"),
    (4, "", "+32400000004", "Dirk", "Peeters", D("2000-10-01"), "male", "Brussels", "BE",
     "standard", 0, D("2024-10-01"), "nl"),
    (5, "eve@example.org", None, "Eve", "O'Brien", D("1970-01-01"), "female", None, None,
     "silver", None, None, None),
    (6, "frank@example.com", "+41790000006", "Frank", "Müller", D("1995-06-15"), "male", "Zurich",
     "CH", "vip", 3000, D("2019-07-07"), "de"),
    (7, "gina@example.it", "+39300000007", "Gina", "Rossi", D("1988-02-29"), "female", "Milan",
     "IT", "gold", 400, D("2023-11-11"), "it"),
    (8, "hugo@example.fr", "+33600000008", "Hugo", "Lefèvre", D("2001-09-30"), "other", "Nice",
     "FR", "standard", 10, D("2026-04-01"), "fr"),
    (9, "ines@example.es", None, "Inès", "García", D("1999-03-03"), "female", "Madrid", "ES",
     "silver", 150, D("2022-02-02"), "es"),
    (10, "jan@example.de", "+49150000010", "Jan", "Schmidt", D("1960-12-31"), "male", "Munich",
     "DE", None, 5, D("2018-01-01"), "de"),
    (11, "kim@example.com", "+33600000011", "Kim", "Nguyen", D("1992-07-04"), None, "Lyon", "FR",
     "vip", 2200, D("2021-05-05"), "en"),
    (12, "lea@example.com", "+33600000012", "Léa", "Bernard", D("1980-08-08"), "female", "Paris",
     "FR", "standard", 70, D("2026-09-01"), "fr"),
]  # fmt: skip

_CONSENTS = [(1, True, True, True), (2, True, False, None), (3, True, True, False),
             (4, True, None, None), (5, False, False, False), (6, True, True, True),
             (7, None, True, True), (8, True, True, True), (9, True, False, False),
             (10, False, True, True)]  # fmt: skip

_DEVICES = [(1, "ios", "tok-1"), (3, "android", None), (6, "ios", "tok-6"), (7, "android", ""),
            (8, None, "tok-8"), (10, "ios", "tok-10")]  # fmt: skip

_SUPPRESSIONS = [(2, "email", "bounce"), (6, "all", "legal"), (8, "push", "complaint"),
                 (9, "sms", "fraud"), (9, "email", "complaint")]  # fmt: skip

_ORDERS = [
    (1, 1, "2026-05-10 12:00:00", "store", "shoes", "Paris", 120.0, 1),
    (2, 1, "2026-08-20 15:30:00", "store", "bags", "Paris", 300.0, 2),
    (3, 1, "2025-12-01 09:00:00", "web", "beauty", None, 45.5, 3),
    (4, 2, "2026-04-01 00:00:00", "store", "shoes", "Lyon", 80.0, 1),
    (5, 2, "2026-09-30 23:59:59", "web", "shoes", None, 60.0, 1),
    (6, 3, "2026-03-31 23:59:59", "store", "beauty", "Paris", 35.0, 1),
    (7, 3, "2026-06-15 10:00:00", "store", "beauty", "Paris", None, 2),
    (8, 6, "2026-07-01 11:00:00", "store", "jewellery", "Zurich", 900.0, 1),
    (9, 6, "2026-07-02 11:00:00", "store", "jewellery", "Zurich", 1500.0, 1),
    (10, 6, "2026-09-01 18:00:00", "app", "accessories", None, 200.0, 2),
    (11, 7, "2024-01-15 14:00:00", "web", "ready_to_wear", None, 150.0, 3),
    (12, 8, "2026-06-30 08:00:00", "app", "shoes", None, 99.9, 1),
    (13, 11, "2026-09-29 17:00:00", "store", "bags", "Lyon", 450.0, 1),
    (14, 11, "2026-02-01 17:00:00", "store", "bags", "Lyon", 250.0, 1),
    (15, 12, "2026-10-01 00:00:00", "web", "beauty", None, 20.0, 1),
]

_SESSIONS = [(1, 1, "2026-09-28 10:00:00", "mobile", "search", 5, 300),
             (2, 2, "2026-09-30 10:00:00", "desktop", "direct", 2, None),
             (3, 4, "2026-08-01 10:00:00", "tablet", "social", None, 60),
             (4, 1, "2025-01-01 10:00:00", "desktop", "email", 10, 600)]  # fmt: skip

_VIEWS = [(1, 1, "2026-09-28 10:01:00", "product", "shoes"),
          (2, 1, "2026-09-28 10:02:00", "cart", None),
          (3, 5, "2026-07-07 10:00:00", "home", None),
          (4, 9, "2026-09-15 10:00:00", "product", "bags")]  # fmt: skip

_EMAILS = [(1, 1, "2026-09-01 08:00:00", "send", "newsletter"),
           (2, 1, "2026-09-02 08:00:00", "open", "newsletter"),
           (3, 2, "2026-09-01 08:00:00", "send", "promotion"),
           (4, 3, "2026-08-01 08:00:00", "click", "promotion"),
           (5, 5, "2026-06-01 08:00:00", "unsubscribe", "newsletter"),
           (6, 6, "2026-05-01 08:00:00", "open", "loyalty"),
           (7, 12, "2026-09-20 08:00:00", "open", "transactional")]  # fmt: skip

_CHURN = [(1, "low"), (2, "medium"), (3, "high"), (5, "high"), (6, "low"), (7, None), (9, "medium")]
_APPETITE = [(1, "shoes", 0.9), (1, "bags", 0.4), (2, "shoes", 0.7), (3, "beauty", 0.8),
             (6, "jewellery", 0.95), (11, "bags", 0.7), (8, "shoes", 0.2)]  # fmt: skip
_VALUE = [(1, 1500.0), (2, 300.0), (6, 5000.0), (11, 900.0), (12, 50.0)]
COMPUTED = T("2026-09-28 03:00:00")


def handmade_dataset() -> Dataset:
    """The fixed twelve-customer dataset of the golden fixtures."""
    return {
        "customers": [dict(zip(CUSTOMER_COLUMNS, row, strict=True)) for row in _CUSTOMERS],
        "consents": [dict(zip(("customer_id", "email_optin", "sms_optin", "push_optin"), r,
                              strict=True)) | {"updated_at": COMPUTED} for r in _CONSENTS],
        "app_devices": [{"customer_id": c, "platform": p, "installed_at": T("2025-01-01"),
                         "last_opened_at": None, "push_token": t} for c, p, t in _DEVICES],
        "suppressions": [{"customer_id": c, "channel": ch, "reason": r, "created_at": COMPUTED}
                         for c, ch, r in _SUPPRESSIONS],
        "orders": [dict(zip(("order_id", "customer_id", "ordered_at", "channel", "category",
                             "store_city", "amount", "items"), (*r[:2], T(r[2]), *r[3:]),
                            strict=True)) for r in _ORDERS],
        "web_sessions": [dict(zip(("session_id", "customer_id", "started_at", "device",
                                   "traffic_source", "pages", "duration_seconds"),
                                  (*r[:2], T(r[2]), *r[3:]), strict=True)) for r in _SESSIONS],
        "page_views": [dict(zip(("view_id", "customer_id", "viewed_at", "page_type", "category"),
                                (*r[:2], T(r[2]), *r[3:]), strict=True)) for r in _VIEWS],
        "email_events": [dict(zip(("event_id", "customer_id", "event_at", "event_type",
                                   "campaign_type"), (*r[:2], T(r[2]), *r[3:]), strict=True))
                         for r in _EMAILS],
        "ind_churn_risk": [{"customer_id": c, "churn_risk": v, "computed_at": COMPUTED}
                           for c, v in _CHURN],
        "ind_category_appetite": [{"customer_id": c, "category": k, "score": s,
                                   "computed_at": COMPUTED} for c, k, s in _APPETITE],
        "ind_predicted_value": [{"customer_id": c, "predicted_value": v, "computed_at": COMPUTED}
                                for c, v in _VALUE],
    }  # fmt: skip


def _maybe(rng: random.Random, value: Any, null_share: float = 0.15) -> Any:
    return None if rng.random() < null_share else value


def _random_column(rng: random.Random, column: Any, as_of: datetime) -> Any:
    if column.allowed_values:
        return _maybe(rng, rng.choice(column.allowed_values))
    kind = column.type
    if kind is ColumnType.STRING:
        return _maybe(rng, rng.choice(["", "a", "ab", "Ab", "xa", "b'c", "zzz"]))
    if kind is ColumnType.INTEGER:
        return _maybe(rng, rng.randint(0, 6))
    if kind is ColumnType.DECIMAL:
        return _maybe(rng, rng.choice([0.0, 0.5, 0.7, 1.0, 50.0, 120.5, 500.0]))
    if kind is ColumnType.BOOLEAN:
        return _maybe(rng, rng.random() < 0.5)
    offset = timedelta(days=rng.randint(-900, 5), hours=rng.choice([0, 0, 13]))
    instant = as_of.replace(tzinfo=None) + offset
    return _maybe(rng, instant.date() if kind is ColumnType.DATE else instant)


def random_dataset(catalog: Catalog, seed: int, customers: int = 40) -> Dataset:
    """A generated dataset over every catalog table: NULLs, empty strings, edge dates included."""
    rng = random.Random(seed)
    key = catalog.profile.key
    data: Dataset = {}
    for table in catalog.tables:
        per_customer = 1 if table.kind.value != "event" else 3
        rows = []
        for customer_id in range(1, customers + 1):
            count = 1 if table.name == catalog.profile.table else rng.randint(0, per_customer)
            for _ in range(count):
                row = {c.name: _random_column(rng, c, catalog.as_of) for c in table.columns}
                row = {
                    name: (
                        v
                        if v is not None or table.column(name).nullable
                        else _fill(rng, table.column(name), catalog.as_of)
                    )
                    for name, v in row.items()
                }
                row[key if table.name == catalog.profile.table else table.join.column] = customer_id  # type: ignore[union-attr]
                if table.key and table.name != catalog.profile.table:
                    row[table.key] = len(rows) + 1
                rows.append(row)
        data[table.name] = _dedupe_one_to_one(table, rows, key)
    return data


def _fill(rng: random.Random, column: Any, as_of: datetime) -> Any:
    value = None
    while value is None:
        value = _random_column(rng, column, as_of)
    return value


def _dedupe_one_to_one(table: Any, rows: list[Row], key: str) -> list[Row]:
    if table.join is None or table.join.relationship.value != "one_to_one":
        return rows
    seen: dict[Any, Row] = {}
    for row in rows:
        seen.setdefault(row[table.join.column], row)
    return list(seen.values())


def load_duckdb(dataset: Dataset, catalog: Catalog) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding ``dataset`` with the catalog's tables and types."""
    con = duckdb.connect(":memory:")
    for table in catalog.tables:
        columns = ", ".join(f'"{c.name}" {DUCK_TYPES[c.type]}' for c in table.columns)
        con.execute(f'CREATE TABLE "{table.name}" ({columns})')
        names = [c.name for c in table.columns]
        rows = [tuple(row.get(name) for name in names) for row in dataset.get(table.name, [])]
        if rows:
            marks = ", ".join("?" for _ in names)
            con.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows)
    return con


POSTGRES_TYPES = {**DUCK_TYPES, ColumnType.STRING: "TEXT", ColumnType.DECIMAL: "DOUBLE PRECISION"}


def load_postgres(dataset: Dataset, catalog: Catalog, connection: Any, schema: str) -> None:
    """``dataset`` in a fresh PostgreSQL ``schema`` (same types as ``load_duckdb``)."""
    connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    connection.execute(f'CREATE SCHEMA "{schema}"')
    for table in catalog.tables:
        columns = ", ".join(f'"{c.name}" {POSTGRES_TYPES[c.type]}' for c in table.columns)
        connection.execute(f'CREATE TABLE "{schema}"."{table.name}" ({columns})')
        names = [c.name for c in table.columns]
        rows = [tuple(row.get(name) for name in names) for row in dataset.get(table.name, [])]
        if rows:
            marks = ", ".join("%s" for _ in names)
            with connection.cursor() as cursor:
                cursor.executemany(f'INSERT INTO "{schema}"."{table.name}" VALUES ({marks})', rows)


def load_spark(dataset: Dataset, catalog: Catalog, session: Any) -> None:
    """``dataset`` as temporary views of ``session`` (naive timestamps as TIMESTAMP_NTZ)."""
    from pyspark.sql import types as T

    spark_types = {
        ColumnType.STRING: T.StringType(), ColumnType.INTEGER: T.LongType(),
        ColumnType.DECIMAL: T.DoubleType(), ColumnType.BOOLEAN: T.BooleanType(),
        ColumnType.DATE: T.DateType(), ColumnType.TIMESTAMP: T.TimestampNTZType(),
    }  # fmt: skip
    for table in catalog.tables:
        schema = T.StructType([T.StructField(c.name, spark_types[c.type]) for c in table.columns])
        names = [c.name for c in table.columns]
        rows = [tuple(row.get(name) for name in names) for row in dataset.get(table.name, [])]
        frame = session.createDataFrame(rows, schema)
        frame.cache().createOrReplaceTempView(table.name)
