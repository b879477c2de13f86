"""Every engine operation on PostgreSQL and on Spark gives what it gives on DuckDB, on the same
demo data (copied row for row): counts, masked samples, breakdowns, leave-one-out counts, the
per-channel waterfall, the member list streamed in batches, the export's contacts, and a snapshot
id that follows the data."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from audience.engine import AudienceEngine
from audience.rules import RuleTree
from schema_catalog import Catalog
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from count_cases import CASES

TREES: dict[str, RuleTree] = {case.name: case.tree for case in CASES}
CHANNELS = ("email", "sms", "push")
BREAKDOWNS = ("customers.country", "customers.loyalty_tier", "consents.email_optin")


@pytest.fixture(scope="module")
def duck(demo_db: Path, catalog: Catalog) -> Iterator[AudienceEngine]:
    with AudienceEngine(demo_db, catalog) as engine:
        yield engine


@pytest.fixture(scope="module", params=["postgresql", pytest.param("spark", marks=[
    pytest.mark.xdist_group("spark"), pytest.mark.slow])])  # fmt: skip
def other(request: pytest.FixtureRequest, catalog: Catalog) -> Iterator[AudienceEngine]:
    target = request.getfixturevalue("pg_demo" if request.param == "postgresql" else "spark_demo")
    with AudienceEngine(target, catalog) as engine:
        yield engine


@pytest.mark.parametrize("name", sorted(TREES))
def test_counts_agree(name: str, duck: AudienceEngine, other: AudienceEngine) -> None:
    expected = duck.count(TREES[name])
    got = other.count(TREES[name])
    assert got.count == expected.count
    assert got.sql.startswith("SELECT")


def test_count_sql_is_in_the_backend_dialect(duck: AudienceEngine, other: AudienceEngine) -> None:
    assert duck.dialect == "duckdb"
    assert other.dialect in {"postgres", "spark"}
    tree = next(iter(TREES.values()))
    text = other.count(tree).sql
    assert isinstance(sqlglot.parse_one(text, read=other.dialect), exp.Select)
    quote = "`" if other.dialect == "spark" else '"'
    assert f"{quote}customers{quote}" in text


def test_members_stream_in_batches(duck: AudienceEngine, other: AudienceEngine) -> None:
    tree = TREES["reachable_email"] if "reachable_email" in TREES else next(iter(TREES.values()))
    expected = duck.member_ids(tree)
    batches = list(other.member_batches(tree, batch_size=97))
    assert all(len(batch) <= 97 for batch in batches)
    assert all(len(batch) == 97 for batch in batches[:-1])
    assert [member for batch in batches for member in batch] == expected
    assert len(batches) == -(-len(expected) // 97)


def test_masked_sample_is_the_same_profiles(duck: AudienceEngine, other: AudienceEngine) -> None:
    for tree in list(TREES.values())[:2]:
        for seed in (0, 3):
            expected = duck.sample(tree, 7, seed=seed)
            got = other.sample(tree, 7, seed=seed)
            assert got.masked and got.masked_columns == expected.masked_columns
            assert got.rows == expected.rows


@pytest.mark.parametrize("field", BREAKDOWNS)
def test_breakdowns_agree(field: str, duck: AudienceEngine, other: AudienceEngine) -> None:
    tree = next(iter(TREES.values()))
    assert other.breakdown(tree, field) == duck.breakdown(tree, field)


def test_leave_one_out_agrees(duck: AudienceEngine, other: AudienceEngine) -> None:
    trees = [tree for tree in TREES.values() if len(tree.root.rules) > 1][:2]
    assert trees
    for tree in trees:
        assert other.leave_one_out(tree) == duck.leave_one_out(tree)


@pytest.mark.parametrize("channel", CHANNELS)
def test_waterfall_agrees(channel: str, duck: AudienceEngine, other: AudienceEngine) -> None:
    tree = next(iter(TREES.values()))
    assert other.waterfall(tree, channel) == duck.waterfall(tree, channel)


@pytest.mark.parametrize("channel", CHANNELS)
def test_eligible_contacts_agree(channel: str, duck: AudienceEngine, other: AudienceEngine) -> None:
    members = duck.member_ids(RuleTree.model_validate({"root": {"op": "and", "rules": []}}))[::3]
    expected = duck.eligible_contacts(channel, members).to_pylist()
    got = other.eligible_contacts(channel, members).to_pylist()
    assert got == expected
    assert 0 < len(got) < len(members)
    assert other.eligible_contacts(channel, []).num_rows == 0


def test_snapshot_id_is_stable(other: AudienceEngine) -> None:
    first = other.snapshot_id()
    assert first == other.snapshot_id()
    assert first.startswith("20261001T000000Z-")
