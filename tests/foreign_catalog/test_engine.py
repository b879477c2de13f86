"""The engine on a catalog unlike the demo: text keys, four channels, DATE events, a floor.

Expected members are derived by hand from ``tests/support/riverside.py`` (not by running the
product): members 1, 2 (minors) and 4, 5 (unknown birth date) are protected; patrons are every
fourth member; ``code(n)`` is the member code of member n.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from audience.engine import AudienceEngine
from audience.errors import EngineUsageError, RuleValidationError
from audience.rules import (
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Op,
    Reachable,
    RuleTree,
    Window,
)
from audience.validate import validate_rules
from schema_catalog import Catalog, sorted_keys
from tests.support.riverside import ADULTS, PATRONS, code, riverside_catalog

EVERYONE = RuleTree(root=Group())


def codes(*numbers: int) -> list[str]:
    return [code(n) for n in numbers]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return riverside_catalog()


@pytest.fixture(scope="module")
def engine(riverside_db: Path, catalog: Catalog) -> Iterator[AudienceEngine]:
    with AudienceEngine(riverside_db, catalog) as running:
        yield running


def test_members_are_text_keys_without_protected_profiles(engine: AudienceEngine) -> None:
    assert engine.count(EVERYONE).count == len(ADULTS) == 20
    assert engine.member_ids(EVERYONE) == sorted(codes(*ADULTS))
    assert engine.member_ids(PATRONS) == codes(8, 12, 16, 20, 24)
    assert all(isinstance(key, str) for key in engine.member_ids(EVERYONE))


def test_date_events_and_indicators(engine: AudienceEngine) -> None:
    recent = RuleTree(root=Group(rules=(
        Behavior(event="purchases", window=Window(type="last", amount=3, unit="month")),
    )))  # fmt: skip
    # index-0 purchases are 20 + n days back: everyone with n % 4 != 0, minus minors 1, 2, 5
    assert engine.member_ids(recent) == sorted(
        codes(*(n for n in ADULTS if n % 4 != 0))
    )  # fmt: skip
    regular = RuleTree(root=Group(rules=(IndicatorRule(indicator="regular_reader"),)))
    assert engine.member_ids(regular) == codes(3, 7, 11, 15, 19, 23)  # three books a year


def test_samples_are_deterministic_masked_and_inside_the_audience(
    engine: AudienceEngine,
) -> None:
    first, again = engine.sample(EVERYONE, 5, seed=3), engine.sample(EVERYONE, 5, seed=3)
    assert first.rows == again.rows and len(first.rows) == 5
    other = engine.sample(EVERYONE, 5, seed=4)
    assert [r["member_code"] for r in other.rows] != [r["member_code"] for r in first.rows]
    assert {r["member_code"] for r in first.rows} <= set(codes(*ADULTS))
    assert {"email", "mobile", "postal_address", "birth_date", "reading_aid"} <= set(
        first.masked_columns
    )
    assert all(row["email"] is None or "***" in str(row["email"]) for row in first.rows)


def test_breakdown_leave_one_out_and_waterfalls(engine: AudienceEngine) -> None:
    cities = {row.value: row.count for row in engine.breakdown(PATRONS, "members.city")}
    assert cities == {"York": 2, "Bath": 1, "Bristol": 1, "Leeds": 1}
    assert [(r.path, r.count_without, r.full_count) for r in engine.leave_one_out(PATRONS)] == [
        ("root.rules[0]", 20, 5)
    ]
    steps = {
        channel: tuple(vars(engine.waterfall(PATRONS, channel)).values())[1:]
        for channel in ("email", "sms", "whatsapp", "post")
    }
    assert steps == {
        "email": (5, 3, 2, 2),  # 12, 24 opted out; 20 blocked on email; 8, 16 have an address
        "sms": (5, 4, 3, 2),  # 12 has no preferences; 8 blocked on sms; 20 has no mobile
        "whatsapp": (5, 4, 3, 2),  # the sms block on 8 covers WhatsApp too (suppressed_by)
        "post": (5, 4, 3, 3),  # 16 blocked on post
    }


def test_contacts_per_channel_carry_the_catalogs_export_columns(engine: AudienceEngine) -> None:
    members = engine.member_ids(PATRONS)
    whatsapp = engine.eligible_contacts("whatsapp", members).to_pylist()
    assert whatsapp == [
        {"member_code": code(16), "mobile": "+447700900016"},
        {"member_code": code(24), "mobile": "+447700900024"},
    ]
    post = engine.eligible_contacts("post", members).to_pylist()
    assert [(r["member_code"], r["postcode"], r["city"]) for r in post] == [
        (code(8), "BS8 1AA", "York"),
        (code(20), "BS20 1AA", "Leeds"),
        (code(24), "BS24 1AA", "York"),
    ]
    assert list(post[0]) == ["member_code", "postal_address", "postcode", "city"]


@pytest.mark.parametrize("field", ["members.reading_aid", "members.postcode", "members.joined_on"])
def test_personal_sensitive_and_free_fields_are_never_broken_down(
    engine: AudienceEngine, field: str
) -> None:
    with pytest.raises(EngineUsageError) as raised:
        engine.breakdown(PATRONS, field)
    assert "members.city" in str(raised.value.hint)  # the hint names this catalog's columns


def test_named_profiles_and_sample_shares_work_on_text_keys(engine: AudienceEngine) -> None:
    shown = engine.profiles(codes(16, 8))
    assert [row["member_code"] for row in shown.rows] == codes(8, 16)
    assert shown.masked and all("***" in str(row["email"]) for row in shown.rows)
    half = engine.member_ids(EVERYONE.model_copy(update={"sample_share": 0.5}))
    quarter = engine.member_ids(EVERYONE.model_copy(update={"sample_share": 0.25}))
    assert set(quarter) <= set(half) and 0 < len(quarter) <= len(half) < 20
    assert half == engine.member_ids(EVERYONE.model_copy(update={"sample_share": 0.5}))


def test_the_catalogs_policy_holds(catalog: Catalog) -> None:
    def codes_of(tree: RuleTree) -> set[str]:
        return {issue.code for issue in validate_rules(tree, catalog) if issue.is_error}

    def one(rule: object) -> RuleTree:
        return RuleTree(root=Group(rules=(rule,)))  # type: ignore[arg-type]

    key = Attribute(field="members.member_code", op=Op.EQ, value=code(1))
    assert codes_of(one(key)) == {"pii_value_predicate"}
    mail = Attribute(field="members.email", op=Op.STARTS_WITH, value="reader1")
    assert codes_of(one(mail)) == {"pii_value_predicate"}
    aid = Attribute(field="members.reading_aid", op=Op.EQ, value=True)
    assert codes_of(one(aid)) == {"sensitive_field"}
    minors = IndicatorRule(indicator="age", op=Op.LT, value=18)
    assert codes_of(one(minors)) == {"restricted_target"}
    unknown_age = IndicatorRule(indicator="age", op=Op.IS_NOT_SET, value=None)
    assert codes_of(one(unknown_age)) == {"restricted_target"}  # unknown: exclude
    assert codes_of(one(Reachable(channel="fax"))) == {"unknown_channel"}
    assert codes_of(one(Reachable(channel="whatsapp"))) == set()


def test_refused_rules_never_reach_the_database(engine: AudienceEngine) -> None:
    prying = RuleTree(root=Group(rules=(
        Attribute(field="members.member_code", op=Op.STARTS_WITH, value="C00"),
    )))  # fmt: skip
    with pytest.raises(RuleValidationError) as raised:
        engine.count(prying)
    assert [issue.code for issue in raised.value.issues] == ["pii_value_predicate"]


def test_canonical_order_of_keys() -> None:
    assert sorted_keys([code(20), code(3), code(12)]) == codes(3, 12, 20)
