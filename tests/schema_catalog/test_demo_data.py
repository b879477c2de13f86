"""The demo brand generator: deterministic, atomic, shaped like a retailer, true to the catalog."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp

import schema_catalog.demo.data as demo_data
from schema_catalog import Catalog, IndicatorType, check_drift
from schema_catalog.demo import DemoDataError, ensure_demo_database, generate_demo_data
from settings import Settings
from tests.support import FIXTURES

AS_OF = "TIMESTAMP '2026-10-01 00:00:00'"


def _scalar(database: Path, sql: str) -> float:
    with duckdb.connect(str(database), read_only=True) as con:
        return float(con.execute(sql).fetchall()[0][0])


def _content_digest(database: Path, catalog: Catalog) -> dict[str, int]:
    """Per table, an order-sensitive digest of every row (row number paired with the row)."""
    digests = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table in catalog.tables:
            sql = f"SELECT sum(hash(rowid, t::VARCHAR)::HUGEINT) FROM {table.name} t"
            digests[table.name] = int(con.execute(sql).fetchall()[0][0] or 0)
    return digests


def _as_of_literal(node: exp.Expr, as_of: datetime) -> exp.Expr:
    if isinstance(node, exp.Placeholder):
        stamp = as_of.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        return exp.cast(exp.Literal.string(stamp), exp.DataType.Type.TIMESTAMP)
    return node


def test_demo_database_passes_the_drift_check(demo_db: Path, catalog: Catalog) -> None:
    assert check_drift(catalog, demo_db) == []


def test_same_seed_gives_identical_rows_whatever_the_thread_count(
    tmp_path: Path, catalog: Catalog
) -> None:
    one = generate_demo_data(tmp_path / "one.duckdb", customers=3_000, seed=5, threads=1)
    two = generate_demo_data(tmp_path / "two.duckdb", customers=3_000, seed=5, threads=2)
    assert one.row_counts == two.row_counts
    assert _content_digest(one.path, catalog) == _content_digest(two.path, catalog)


@pytest.mark.slow
def test_parallel_generation_is_deterministic_at_scale(tmp_path: Path, catalog: Catalog) -> None:
    # Over 122,880 customers DuckDB splits the generating pipelines across threads.
    one = generate_demo_data(tmp_path / "one.duckdb", customers=130_000, seed=9, threads=1)
    four = generate_demo_data(tmp_path / "four.duckdb", customers=130_000, seed=9, threads=4)
    assert _content_digest(one.path, catalog) == _content_digest(four.path, catalog)


@pytest.mark.parametrize("name", ["active_customer", "email_engaged", "age"])
def test_dynamic_indicators_run_on_the_demo_data(
    demo_db: Path, catalog: Catalog, name: str
) -> None:
    sql = catalog.indicator(name).sql
    assert sql is not None
    tree = sqlglot.parse_one(sql, dialect="duckdb")
    runnable = tree.transform(lambda node: _as_of_literal(node, catalog.as_of))
    query = f"SELECT count(*), count(DISTINCT customer_id) FROM ({runnable.sql('duckdb')})"
    with duckdb.connect(str(demo_db), read_only=True) as con:
        rows, members = con.execute(query).fetchall()[0]
    # Boolean indicators may repeat a key (they are used as semi-joins); others give one value each.
    if catalog.indicator(name).type is not IndicatorType.BOOLEAN:
        assert rows == members
    assert rows >= members
    assert 0.1 * 5_000 < members <= 5_000


def test_another_seed_gives_other_rows(tmp_path: Path, catalog: Catalog) -> None:
    first = generate_demo_data(tmp_path / "a.duckdb", customers=500, seed=1)
    second = generate_demo_data(tmp_path / "b.duckdb", customers=500, seed=2)
    assert _content_digest(first.path, catalog) != _content_digest(second.path, catalog)


def test_report_counts_rows_of_every_catalog_table(demo_db: Path, catalog: Catalog) -> None:
    report = generate_demo_data(demo_db.with_name("again.duckdb"), customers=5_000, seed=7)
    assert set(report.row_counts) == {table.name for table in catalog.tables}
    assert report.row_counts["customers"] == 5_000
    assert report.row_counts["orders"] > 5_000
    assert report.file_bytes == report.path.stat().st_size > 0


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("orders", "ordered_at"),
        ("web_sessions", "started_at"),
        ("page_views", "viewed_at"),
        ("email_events", "event_at"),
        ("suppressions", "created_at"),
        ("app_devices", "last_opened_at"),
        ("consents", "updated_at"),
    ],
)
def test_nothing_happens_at_or_after_as_of(demo_db: Path, table: str, column: str) -> None:
    assert _scalar(demo_db, f"SELECT count(*) FROM {table} WHERE {column} >= {AS_OF}") == 0


def test_events_span_about_three_years(demo_db: Path) -> None:
    oldest = _scalar(demo_db, f"SELECT date_diff('day', min(ordered_at), {AS_OF}) FROM orders")
    assert 1_000 <= oldest <= 1_100


@pytest.mark.parametrize(
    ("tier", "low", "high"),
    [("vip", 0.015, 0.035), ("gold", 0.08, 0.12), ("silver", 0.22, 0.28)],
)
def test_loyalty_tiers_have_few_vips(demo_db: Path, tier: str, low: float, high: float) -> None:
    share = _scalar(demo_db, f"SELECT avg((loyalty_tier = '{tier}')::INT) FROM customers")
    assert low <= share <= high


@pytest.mark.parametrize(
    ("channel", "low", "high"), [("store", 0.5, 0.65), ("web", 0.27, 0.4), ("app", 0.06, 0.14)]
)
def test_order_channels_mix(demo_db: Path, channel: str, low: float, high: float) -> None:
    share = _scalar(demo_db, f"SELECT avg((channel = '{channel}')::INT) FROM orders")
    assert low <= share <= high


def test_repeat_purchases_have_a_long_tail(demo_db: Path) -> None:
    per_customer = "SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id"
    assert _scalar(demo_db, f"SELECT avg((n = 1)::INT) FROM ({per_customer})") > 0.3
    assert _scalar(demo_db, f"SELECT max(n) FROM ({per_customer})") >= 50


def test_vips_buy_more_than_standard_customers(demo_db: Path) -> None:
    sql = (
        "SELECT avg(n) FILTER (loyalty_tier = 'vip') / avg(n) FILTER (loyalty_tier = 'standard') "
        "FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY ALL) JOIN customers USING "
        "(customer_id)"
    )
    assert _scalar(demo_db, sql) > 4


def test_city_implies_country(demo_db: Path) -> None:
    assert (
        _scalar(
            demo_db,
            "SELECT max(n) FROM (SELECT count(DISTINCT country) AS n FROM customers GROUP BY city)",
        )
        == 1
    )


def test_push_tokens_only_for_app_users_with_push(demo_db: Path) -> None:
    sql = (
        "SELECT count(*) FROM app_devices a JOIN consents c USING (customer_id) "
        "WHERE (a.push_token IS NOT NULL) <> c.push_optin"
    )
    assert _scalar(demo_db, sql) == 0
    orphan = (
        "SELECT count(*) FROM consents WHERE push_optin AND customer_id NOT IN "
        "(SELECT customer_id FROM app_devices)"
    )
    assert _scalar(demo_db, orphan) == 0


def test_not_everyone_consents(demo_db: Path) -> None:
    for channel in ("email", "sms", "push"):
        share = _scalar(demo_db, f"SELECT avg({channel}_optin::INT) FROM consents")
        assert 0.05 < share < 0.8


def test_suppressions_are_rare(demo_db: Path) -> None:
    share = _scalar(demo_db, "SELECT count(*) / 5000 FROM suppressions")
    assert 0.005 < share < 0.04


def test_unsubscribers_have_no_email_consent(demo_db: Path) -> None:
    sql = (
        "SELECT count(*) FROM consents WHERE email_optin AND customer_id IN "
        "(SELECT customer_id FROM email_events WHERE event_type = 'unsubscribe')"
    )
    assert _scalar(demo_db, sql) == 0


def test_high_churn_risk_means_no_recent_order(demo_db: Path, catalog: Catalog) -> None:
    computed_at = catalog.indicator("churn_risk").computed_at
    assert computed_at is not None
    stamp = computed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    sql = (
        "SELECT count(*) FROM ind_churn_risk r JOIN orders o USING (customer_id) "
        f"WHERE r.churn_risk = 'high' AND o.ordered_at >= TIMESTAMP '{stamp}' - INTERVAL 365 DAY "
        f"AND o.ordered_at < TIMESTAMP '{stamp}'"
    )
    assert _scalar(demo_db, sql) == 0
    assert _scalar(demo_db, "SELECT count(DISTINCT computed_at) FROM ind_churn_risk") == 1
    assert _scalar(demo_db, "SELECT count(*) FROM ind_churn_risk WHERE churn_risk = 'high'") > 0


def test_seed_requests_select_non_trivial_audiences(demo_db: Path) -> None:
    recent_store = (
        "SELECT customer_id FROM orders WHERE channel = 'store' "
        f"AND ordered_at >= {AS_OF} - INTERVAL 6 MONTH AND ordered_at < {AS_OF}"
    )
    twice = f"SELECT customer_id FROM ({recent_store}) GROUP BY ALL HAVING count(*) >= 2"
    visited = f"SELECT customer_id FROM web_sessions WHERE started_at >= {AS_OF} - INTERVAL 3 DAY"
    vip = "SELECT count(*) FROM customers WHERE loyalty_tier = 'vip'"
    assert _scalar(demo_db, f"{vip} AND customer_id IN ({twice})") >= 20
    both = f"{vip} AND customer_id IN ({recent_store}) AND customer_id IN ({visited})"
    assert _scalar(demo_db, both) >= 1
    visitors = _scalar(demo_db, f"SELECT count(DISTINCT customer_id) FROM ({visited})")
    assert 0.01 * 5_000 < visitors < 0.15 * 5_000


def test_failed_generation_keeps_the_old_file_and_leaves_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "demo.duckdb"
    target.write_bytes(b"previous")
    monkeypatch.setattr(demo_data, "STEPS", (("broken", "SELECT * FROM no_such_table"),))
    with pytest.raises(DemoDataError):
        generate_demo_data(target, customers=10)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]


def test_rejects_a_non_positive_customer_count(tmp_path: Path) -> None:
    with pytest.raises(DemoDataError):
        generate_demo_data(tmp_path / "x.duckdb", customers=0)


def test_ensure_generates_the_default_database_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_data, "DEFAULT_CUSTOMERS", 200)
    settings = Settings(home=tmp_path)
    path = ensure_demo_database(settings)
    assert path == tmp_path / "data" / "demo.duckdb"
    assert _scalar(path, "SELECT count(*) FROM customers") == 200
    stamp = path.stat().st_mtime_ns
    assert ensure_demo_database(settings) == path
    assert path.stat().st_mtime_ns == stamp


def test_ensure_refuses_to_invent_a_configured_database(tmp_path: Path) -> None:
    with pytest.raises(DemoDataError):
        ensure_demo_database(Settings(home=tmp_path, database=tmp_path / "theirs.duckdb"))


def test_ensure_never_gives_a_catalog_of_ones_own_the_demo_data(tmp_path: Path) -> None:
    own = FIXTURES / "riverside" / "catalog"
    with pytest.raises(DemoDataError) as no_database:
        ensure_demo_database(Settings(home=tmp_path, catalog_dir=own))
    assert "PERIMETER_DATABASE" in str(no_database.value.hint)
    assert not (tmp_path / "data").exists()  # nothing generated
    missing = Settings(home=tmp_path, catalog_dir=own, database=tmp_path / "theirs.duckdb")
    with pytest.raises(DemoDataError) as raised:
        ensure_demo_database(missing)
    assert "demo" not in str(raised.value.hint)  # not the demo: no demo advice
