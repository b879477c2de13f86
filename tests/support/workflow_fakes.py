"""Test helpers for the workflow tests: a scripted fake engine, a cheap workspace, trees.

The fake stands in for ``audience.engine.AudienceEngine`` only where the engine is not the thing
under test (state machine, policy wiring, audit). Export and concurrency tests also run on the
real engine with the ``demo_db`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceService, AuditTrail, Store, open_store
from audience.workflow.workspace import Role, User, Workspace, hash_password
from schema_catalog import Catalog, GuardrailPolicy


@dataclass(frozen=True)
class FakeCount:
    count: int
    sql: str = "SELECT 1"
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class FakeWaterfall:
    channel: str
    matched: int
    consented: int
    not_suppressed: int
    contactable: int


class FakeEngine:
    """Members per tree fingerprint (``set_members``).

    An unscripted ``tree(k)`` selects ids 1..k; any other unscripted tree the whole base.
    """

    def __init__(self, base: int = 1_000) -> None:
        self.population = list(range(1, base + 1))
        self.members: dict[str, list[int]] = {}
        self.unreachable: set[int] = set()
        self.version = 0

    def set_members(self, tree: RuleTree, ids: Sequence[int]) -> None:
        """Script the members of ``tree`` (a data change: the snapshot id changes too)."""
        self.members[tree.fingerprint()] = sorted(set(ids))
        self.version += 1

    def member_ids(
        self, tree: RuleTree, *, segments: Mapping[str, RuleTree] | None = None
    ) -> list[int]:
        scripted = self.members.get(tree.fingerprint())
        if scripted is not None:
            return list(scripted)
        rules = tree.root.rules
        if len(rules) == 1 and isinstance(rules[0], Attribute) and isinstance(rules[0].value, int):
            return self.population[: rules[0].value]
        return list(self.population)

    def member_batches(
        self,
        tree: RuleTree,
        *,
        segments: Mapping[str, RuleTree] | None = None,
        batch_size: int = 10_000,
    ) -> Iterator[list[int]]:
        members = self.member_ids(tree, segments=segments)
        for start in range(0, len(members), batch_size):
            yield members[start : start + batch_size]

    def count(self, tree: RuleTree, *, segments: Mapping[str, RuleTree] | None = None) -> FakeCount:
        return FakeCount(len(self.member_ids(tree, segments=segments)))

    def waterfall(
        self, tree: RuleTree, channel: str, *, segments: Mapping[str, RuleTree] | None = None
    ) -> FakeWaterfall:
        ids = self.member_ids(tree, segments=segments)
        reachable = len([i for i in ids if i not in self.unreachable])
        return FakeWaterfall(channel, len(ids), reachable, reachable, reachable)

    def eligible_contacts(self, channel: str, member_ids: Sequence[int]) -> pa.Table:
        ids = sorted(i for i in set(member_ids) if i not in self.unreachable)
        return pa.table(
            {"customer_id": pa.array(ids, pa.int64()), channel: [f"c{i}@example.test" for i in ids]}
        )

    def snapshot_id(self) -> str:
        return f"fake-{self.version}"

    def data_identity(self) -> dict[str, object]:
        return {"kind": "fake", "version": self.version, "current": True}


TEST_KEY = b"k" * 32


def trail(tmp_path: Path, key: bytes = TEST_KEY) -> AuditTrail:
    """A test audit trail: a fixed key and an anchor file in ``tmp_path``."""
    return AuditTrail(key, tmp_path / "anchor" / "checkpoint.json", "test-workspace")


POLICY = GuardrailPolicy(
    max_audience_size=300, max_share_of_base=0.5, max_jump_factor=3.0,
    expected_size_tolerance=0.5, hard_ceiling=450, drift_tolerance=0.02,
)  # fmt: skip
"""A small size policy the service tests trip on purpose (base of 1,000 in ``FakeEngine``)."""


def store_at(path: Path, key: bytes = TEST_KEY) -> Store:
    """A store at ``path`` with the test key and an anchor in an ``anchor`` folder beside it."""
    return open_store(path, trail(path.parent, key))


def tree(points: int = 100, channel: str | None = "email") -> RuleTree:
    """A valid demo-catalog tree; different ``points`` give different fingerprints."""
    rule = Attribute(field="customers.loyalty_points", op=Op.GTE, value=points)
    return RuleTree.model_validate({"root": Group(rules=[rule]).model_dump(), "channel": channel})


def cheap_user(name: str, role: Role) -> User:
    return User(name=name, role=role, password=hash_password(f"{name}-pw", n=2**4))


def workspace(reviewers: int = 2, **policy: float) -> Workspace:
    """marketer, marketer2, reviewer, reviewer2.., admin; optional policy overrides."""
    users = [cheap_user("marketer", Role.MARKETER), cheap_user("marketer2", Role.MARKETER)]
    users.append(cheap_user("reviewer", Role.REVIEWER))
    users += [cheap_user(f"reviewer{i}", Role.REVIEWER) for i in range(2, reviewers + 1)]
    users.append(cheap_user("admin", Role.ADMIN))
    return Workspace.model_validate({"name": "test", "users": users, "policy": policy})


def service(
    tmp_path: Path,
    catalog: Catalog,
    engine: FakeEngine | None = None,
    ws: Workspace | None = None,
    policy: GuardrailPolicy | None = None,
) -> AudienceService:
    """A service on a fresh store in ``tmp_path`` (fake engine and test workspace by default)."""
    chosen = catalog if policy is None else catalog.model_copy(update={"policy": policy})
    store = store_at(tmp_path / "state" / "perimeter.sqlite3")
    return AudienceService(store, chosen, engine or FakeEngine(), ws or workspace())
