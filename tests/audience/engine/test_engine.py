"""The audience engine on the 5,000-customer demo database, checked against hand-written SQL."""

from __future__ import annotations

import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest

import audience.engine.backend as backend_module
from audience.engine import AudienceEngine, BreakdownRow, EngineLimits
from audience.errors import (
    DatabaseNotFoundError,
    EngineError,
    EngineUsageError,
    QueryTimeoutError,
    RuleValidationError,
    SqlGuardError,
)
from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Group,
    Reachable,
    RuleTree,
    SegmentRef,
    Window,
)
from languages import say
from schema_catalog import Catalog

VIP = Attribute(field="customers.loyalty_tier", op="eq", value="vip")
STORE_TWICE = Behavior(
    event="orders",
    filters=[Condition(field="channel", op="eq", value="store")],
    window=Window(type="last", amount=6, unit="month"),
    aggregate=Aggregate(func="count", op="gte", value=2),
)
FRANCE = Attribute(field="customers.country", op="eq", value="FR")
SEED = RuleTree(root=Group(rules=[VIP, STORE_TWICE]))
FR_VIP = RuleTree(root=Group(rules=[FRANCE, VIP]))

SEED_IDS_SQL = """
SELECT c.customer_id FROM customers c
WHERE c.loyalty_tier = 'vip' AND c.customer_id IN (
  SELECT customer_id FROM orders WHERE channel = 'store'
    AND ordered_at >= TIMESTAMP '2026-04-01' AND ordered_at < TIMESTAMP '2026-10-01'
  GROUP BY customer_id HAVING count(*) >= 2)
ORDER BY 1
"""

EMAIL_REACHABLE_SQL = """
SELECT c.customer_id FROM customers c
WHERE c.customer_id IN (SELECT customer_id FROM consents WHERE email_optin)
  AND c.customer_id NOT IN (SELECT customer_id FROM suppressions WHERE channel IN ('email', 'all'))
  AND c.email IS NOT NULL AND c.email <> ''
"""


@pytest.fixture(scope="module")
def engine(demo_db: Path, catalog: Catalog) -> AudienceEngine:
    with AudienceEngine(demo_db, catalog) as opened:
        yield opened


def _ids(engine: AudienceEngine, sql: str) -> list[int]:
    return [row[0] for row in engine.cursor().execute(sql).fetchall()]


def test_count_matches_hand_written_sql(engine: AudienceEngine) -> None:
    expected = _ids(engine, SEED_IDS_SQL)
    result = engine.count(SEED)
    assert result.count == len(expected) > 0
    assert result.sql.startswith("SELECT")
    assert '"orders"' in result.sql and "\n" in result.sql  # pretty DuckDB SQL
    assert result.elapsed_ms > 0


def test_member_ids_are_the_sorted_audience(engine: AudienceEngine) -> None:
    assert engine.member_ids(SEED) == _ids(engine, SEED_IDS_SQL)


def test_everyone_and_the_complement(engine: AudienceEngine) -> None:
    total = _ids(engine, "SELECT count(*) FROM customers")[0]
    assert engine.count(RuleTree(root=Group(rules=[]))).count == total
    not_vip = RuleTree(root=Group(rules=[VIP], negate=True))
    assert (
        engine.count(not_vip).count == total - engine.count(RuleTree(root=Group(rules=[VIP]))).count
    )


def test_sample_is_deterministic_masked_and_inside_the_audience(engine: AudienceEngine) -> None:
    members = set(engine.member_ids(FR_VIP))
    sample = engine.sample(FR_VIP, 5)
    assert len(sample.rows) == 5 and sample.masked
    assert {row["customer_id"] for row in sample.rows} <= members
    assert engine.sample(FR_VIP, 5).rows == sample.rows
    assert set(sample.masked_columns) == {"email", "phone", "first_name", "last_name", "birth_date"}
    for row in sample.rows:
        assert row["email"] is None or re.fullmatch(r".\*\*\*@.\*\*\*\.\w+", str(row["email"]))
        assert row["first_name"] is None or re.fullmatch(r"\w\.", str(row["first_name"]))
        assert row["birth_date"] is None or isinstance(row["birth_date"], int)
        assert row["phone"] is None or "**" in str(row["phone"])
        assert row["country"] == "FR" and row["loyalty_tier"] == "vip"


def test_sample_seed_and_unmask(engine: AudienceEngine) -> None:
    first = [row["customer_id"] for row in engine.sample(FR_VIP, 5).rows]
    other = [row["customer_id"] for row in engine.sample(FR_VIP, 5, seed=1).rows]
    assert first != other
    clear = engine.sample(FR_VIP, 5, unmask=True)
    assert not clear.masked
    assert any("@" in str(row["email"]) and "***" not in str(row["email"]) for row in clear.rows)
    assert any(isinstance(row["birth_date"], date) for row in clear.rows)


def test_profiles_of_given_members_are_masked_and_only_theirs(engine: AudienceEngine) -> None:
    chosen = engine.member_ids(FR_VIP)[:3]
    found = engine.profiles([*chosen, 10**9])  # an unknown id matches no one
    assert sorted(row["customer_id"] for row in found.rows) == sorted(chosen)
    assert found.masked and all("***" in str(row["email"]) for row in found.rows if row["email"])
    assert engine.profiles([]).rows == ()


def test_sample_of_small_audience_returns_all(engine: AudienceEngine) -> None:
    count = engine.count(SEED).count
    assert len(engine.sample(SEED, count + 50).rows) == count


def test_breakdown_by_profile_column_sums_to_count(engine: AudienceEngine) -> None:
    rows = engine.breakdown(SEED, "customers.gender")
    assert sum(row.count for row in rows) == engine.count(SEED).count
    assert [row.count for row in rows] == sorted((row.count for row in rows), reverse=True)
    assert abs(sum(row.share for row in rows) - 1.0) < 1e-9


def test_breakdown_by_joined_column_has_a_null_bucket(engine: AudienceEngine) -> None:
    rows = {row.value: row.count for row in engine.breakdown(FR_VIP, "app_devices.platform")}
    without_app = _ids(
        engine,
        "SELECT count(*) FROM customers WHERE country = 'FR' AND loyalty_tier = 'vip' "
        "AND customer_id NOT IN (SELECT customer_id FROM app_devices)",
    )[0]
    assert rows[None] == without_app > 0
    assert set(rows) <= {None, "ios", "android"}
    assert sum(rows.values()) == engine.count(FR_VIP).count


def test_breakdown_boolean_and_top(engine: AudienceEngine) -> None:
    optin = engine.breakdown(FR_VIP, "consents.email_optin")
    assert {row.value for row in optin} <= {True, False, None}
    cities = engine.breakdown(RuleTree(root=Group(rules=[])), "customers.city", top=3)
    assert len(cities) == 3 and all(isinstance(row, BreakdownRow) for row in cities)


@pytest.mark.parametrize(
    "field", ["orders.channel", "customers.loyalty_points", "customers.nope", "nope"]
)
def test_breakdown_refuses_bad_fields(engine: AudienceEngine, field: str) -> None:
    with pytest.raises(EngineUsageError):
        engine.breakdown(SEED, field)


def test_leave_one_out_counts(engine: AudienceEngine) -> None:
    tree = RuleTree(root=Group(rules=[FRANCE, VIP, STORE_TWICE]))
    full = engine.count(tree).count
    results = engine.leave_one_out(tree)
    assert [r.path for r in results] == ["root.rules[0]", "root.rules[1]", "root.rules[2]"]
    assert all(r.full_count == full for r in results)
    assert results[0].count_without == engine.count(SEED).count
    assert results[2].count_without == engine.count(FR_VIP).count
    assert all(r.removed_by_rule >= 0 for r in results)


@pytest.mark.parametrize("channel", ["email", "sms", "push"])
def test_waterfall_is_cumulative_and_agrees_with_reachable(
    engine: AudienceEngine, channel: str
) -> None:
    waterfall = engine.waterfall(FR_VIP, channel)
    steps = [step.count for step in waterfall.steps]
    assert steps == sorted(steps, reverse=True)
    assert waterfall.matched == engine.count(FR_VIP).count
    reachable = RuleTree(root=Group(rules=[FRANCE, VIP, Reachable(channel=channel)]))
    assert waterfall.contactable == engine.count(reachable).count


def test_waterfall_email_matches_hand_written_sql(engine: AudienceEngine) -> None:
    everyone = RuleTree(root=Group(rules=[]))
    waterfall = engine.waterfall(everyone, "email")
    assert waterfall.contactable == len(_ids(engine, EMAIL_REACHABLE_SQL))
    consented = _ids(engine, "SELECT count(*) FROM consents WHERE email_optin")[0]
    assert waterfall.consented == consented


def test_waterfall_unknown_channel(engine: AudienceEngine) -> None:
    with pytest.raises(EngineUsageError):
        engine.waterfall(SEED, "fax")


@pytest.mark.parametrize(("channel", "column"), [("email", "email"), ("push", "push_token")])
def test_eligible_contacts(engine: AudienceEngine, channel: str, column: str) -> None:
    members = engine.member_ids(FR_VIP)
    table = engine.eligible_contacts(channel, members)
    assert table.column_names == ["customer_id", column]
    ids = table.column("customer_id").to_pylist()
    assert ids == sorted(ids) and set(ids) <= set(members)
    reachable = RuleTree(root=Group(rules=[FRANCE, VIP, Reachable(channel=channel)]))
    assert ids == engine.member_ids(reachable)
    assert all(table.column(column).to_pylist())


def test_eligible_contacts_of_no_ids(engine: AudienceEngine) -> None:
    assert engine.eligible_contacts("sms", []).num_rows == 0


def test_snapshot_id_is_stable_and_names_as_of(engine: AudienceEngine) -> None:
    assert engine.snapshot_id() == engine.snapshot_id()
    assert engine.snapshot_id().startswith("20261001T000000Z-")


def test_invalid_tree_raises_validation_error(engine: AudienceEngine) -> None:
    bad = RuleTree(root=Group(rules=[Attribute(field="customers.contry", op="eq", value="FR")]))
    with pytest.raises(RuleValidationError) as raised:
        engine.count(bad)
    assert any(issue.path.startswith("root.rules[0]") for issue in raised.value.issues)


def test_segments_are_passed_to_the_compiler(engine: AudienceEngine) -> None:
    tree = RuleTree(root=Group(rules=[SegmentRef(segment="vips"), FRANCE]))
    segments = {"vips": RuleTree(root=Group(rules=[VIP]))}
    assert engine.count(tree, segments=segments).count == engine.count(FR_VIP).count


def test_every_query_goes_through_the_guard(
    engine: AudienceEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []

    def refuse(select: object, catalog: Catalog) -> None:
        seen.append(select)
        raise SqlGuardError(say("select_star_refused"))

    monkeypatch.setattr(backend_module, "guard_select", refuse)
    engine.clear_compiled()
    calls = (
        lambda: engine.count(SEED),
        lambda: engine.sample(SEED),
        lambda: next(engine.member_batches(SEED)),
        lambda: engine.waterfall(SEED, "email"),
        lambda: engine.eligible_contacts("email", [1, 2]),
        lambda: engine.profiles([1, 2]),
        lambda: engine.breakdown(SEED, "customers.country"),
    )
    for call in calls:
        with pytest.raises(SqlGuardError):
            call()
    assert len(seen) == len(calls)


def test_one_cursor_per_thread_and_concurrent_counts(engine: AudienceEngine) -> None:
    expected = engine.count(SEED).count
    results: dict[int, tuple[object, int]] = {}
    barrier = threading.Barrier(4)  # all four threads alive at once

    def work(index: int) -> None:
        barrier.wait()
        results[index] = (engine.cursor(), engine.count(SEED).count)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {count for _, count in results.values()} == {expected}
    assert len({id(cursor) for cursor, _ in results.values()}) == 4  # kept alive by results
    assert engine.cursor() is engine.cursor()


def test_missing_database(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(DatabaseNotFoundError):
        AudienceEngine(tmp_path / "none.duckdb", catalog)


def test_engine_time_limit_is_translated(demo_db: Path, catalog: Catalog, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"  # another file: its own limits do not clash with `engine`
    shutil.copyfile(demo_db, copy)
    heavy = RuleTree(
        root=Group(
            op="or",
            rules=[
                Behavior(event="page_views", aggregate=Aggregate(func="count", op="gte", value=n))
                for n in range(2, 8)
            ],
        )
    )
    # 1 ms is so short that on a loaded machine even the settings check at connect time may
    # be interrupted; either way the engine must raise its own timeout error, not DuckDB's.
    with pytest.raises(QueryTimeoutError, match="max_execution_ms"):
        limited = AudienceEngine(copy, catalog, limits=EngineLimits(max_execution_ms=1))
        try:
            limited.count(heavy)
        finally:
            limited.close()


def test_closed_engine_says_so(demo_db: Path, catalog: Catalog) -> None:
    opened = AudienceEngine(demo_db, catalog)
    opened.count(SEED)
    opened.close()
    with pytest.raises(EngineError, match="closed"):
        opened.count(SEED)


def test_negative_sample_size(engine: AudienceEngine) -> None:
    with pytest.raises(EngineUsageError):
        engine.sample(SEED, -1)


def test_select_keys_runs_a_guarded_key_query(engine: AudienceEngine) -> None:
    keys = engine.select_keys("SELECT customer_id FROM customers WHERE loyalty_tier = 'vip'")
    assert sorted(keys) == engine.member_ids(RuleTree(root=Group(rules=[VIP])))  # type: ignore[type-var]
    joined = (
        "SELECT customers.customer_id FROM customers JOIN orders "
        "ON orders.customer_id = customers.customer_id WHERE customers.loyalty_tier = 'vip'"
    )
    distinct = engine.select_keys(joined)
    assert len(distinct) == len(set(distinct)) > 0  # repeated keys come back once


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("SELECT customer_id, email FROM customers", EngineUsageError),
        ("SELECT email FROM customers", EngineUsageError),
        ("DELETE FROM customers", SqlGuardError),
        ("SELECT customer_id FROM read_csv('/etc/passwd')", SqlGuardError),
    ],
)
def test_select_keys_refuses_other_queries(
    engine: AudienceEngine, sql: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        engine.select_keys(sql)
