"""The eval domains: catalogs that load and check clean, generators that are deterministic and
true to their catalogs, and data shaped the way the domains promise (unlike the demo)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.policy import sensitive_topic
from evals.domains import DOMAINS, generate_domain_data, get_domain
from evals.domains.data import cached_database_path, domain_database
from evals.errors import DomainError
from schema_catalog import ColumnType, TableKind, check_catalog, check_drift, has_errors
from tests.evals.conftest import DomainData

NEW_DOMAINS = ("grocery", "telecom")


def _scalar(database: Path, sql: str) -> object:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def _digest(database: Path, tables: list[str]) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            name: int(
                con.execute(
                    f"SELECT sum(hash(rowid, t::VARCHAR)::HUGEINT) FROM {name} t"
                ).fetchall()[0][0]
                or 0
            )
            for name in tables
        }


@pytest.mark.parametrize("name", list(DOMAINS))
def test_catalog_loads_and_checks_clean(name: str) -> None:
    issues = check_catalog(get_domain(name).load_catalog())
    assert not has_errors(issues), [issue.render() for issue in issues]


@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_domain_is_unlike_the_demo(name: str) -> None:
    catalog = get_domain(name).load_catalog()
    assert not catalog.profile.key.endswith("_id")
    stamps = {
        catalog.table(t.name).column(t.timestamp).type
        for t in catalog.event_tables
        if t.timestamp is not None
    }
    assert stamps == {ColumnType.DATE, ColumnType.TIMESTAMP}
    assert catalog.as_of.isoformat() != "2026-10-01T00:00:00+00:00"
    assert len([t for t in catalog.tables if t.kind is TableKind.EVENT]) >= 5


def test_telecom_profile_key_is_text() -> None:
    catalog = get_domain("telecom").load_catalog()
    _, key = catalog.column(f"{catalog.profile.table}.{catalog.profile.key}")
    assert key.type is ColumnType.STRING


@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_same_seed_same_rows_whatever_the_threads(name: str, tmp_path: Path) -> None:
    domain = get_domain(name)
    one = generate_domain_data(domain, tmp_path / "one.duckdb", size=400, seed=3, threads=1)
    two = generate_domain_data(domain, tmp_path / "two.duckdb", size=400, seed=3, threads=2)
    assert one == two
    tables = list(one)
    assert _digest(tmp_path / "one.duckdb", tables) == _digest(tmp_path / "two.duckdb", tables)
    generate_domain_data(domain, tmp_path / "other.duckdb", size=400, seed=4)
    assert _digest(tmp_path / "other.duckdb", tables) != _digest(tmp_path / "one.duckdb", tables)
    assert check_drift(domain.load_catalog(), tmp_path / "one.duckdb") == []


def test_generation_rejects_a_bad_size(tmp_path: Path) -> None:
    with pytest.raises(DomainError):
        generate_domain_data(get_domain("grocery"), tmp_path / "x.duckdb", size=0)
    with pytest.raises(DomainError):
        get_domain("airline")


def test_cache_is_keyed_by_generator_version(tmp_path: Path) -> None:
    domain = get_domain("telecom")
    path = cached_database_path(domain, tmp_path, 300, 1)
    assert path.name.startswith("telecom-300-s1-")
    assert domain_database(domain, tmp_path, size=300, seed=1) == path
    stamp = path.stat().st_mtime_ns
    assert domain_database(domain, tmp_path, size=300, seed=1) == path
    assert path.stat().st_mtime_ns == stamp  # reused, not regenerated


@pytest.mark.xdist_group("domains")
def test_grocery_data_has_future_slots_coupons_and_empty_attributes(
    domain_data: DomainData,
) -> None:
    db = domain_data("grocery")
    as_of = "DATE '2026-06-15'"
    assert _scalar(db, f"SELECT count(*) FROM online_orders WHERE slot_date >= {as_of}") > 50
    assert (
        _scalar(
            db,
            f"SELECT count(*) FROM online_orders WHERE slot_date >= {as_of} "
            "AND status NOT IN ('scheduled', 'cancelled')",
        )
        == 0
    )
    assert _scalar(db, f"SELECT count(*) FROM coupons WHERE expires_on >= {as_of}") > 100
    assert _scalar(db, "SELECT max(paid_at) < TIMESTAMP '2026-06-15' FROM baskets") is True
    for column in ("household_size", "has_children", "has_pet", "birth_year"):
        share = _scalar(db, f"SELECT avg(({column} IS NULL)::INT) FROM cardholders")
        assert isinstance(share, float) and share > 0.4, column


@pytest.mark.xdist_group("domains")
def test_telecom_data_has_upcoming_renewals_running_trials_and_text_keys(
    domain_data: DomainData,
) -> None:
    db = domain_data("telecom")
    as_of = "DATE '2026-03-01'"
    assert _scalar(db, f"SELECT count(*) FROM renewals WHERE renewal_date >= {as_of}") > 1000
    assert (
        _scalar(
            db,
            "SELECT min(trial_ends_on) >= DATE '2026-03-01' FROM trials WHERE outcome = 'running'",
        )
        is True
    )
    assert _scalar(db, f"SELECT count(*) FROM subscriptions WHERE started_on >= {as_of}") > 0
    assert _scalar(db, "SELECT count(*) FROM accounts WHERE account_ref NOT LIKE 'ON%'") == 0
    assert _scalar(db, "SELECT count(*) FROM plan_changes WHERE from_plan = to_plan") == 0
    share = _scalar(db, "SELECT avg((roaming_days IS NULL)::INT) FROM usage_monthly")
    assert isinstance(share, float) and share > 0.8


@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_catalog_speaks_three_languages_and_declares_its_own_channel(name: str) -> None:
    catalog = get_domain(name).load_catalog()
    assert all({"fr", "de"} <= set(table.labels) for table in catalog.tables)
    assert {"fr", "de"} <= set(catalog.profile.labels)
    assert {channel.name for channel in catalog.channels} - {"email", "sms", "push"}
    assert catalog.targeting.restrictions and catalog.targeting.sensitive_topics


SPECIAL_CATEGORIES = {  # GDPR art. 9 and the credentials every catalog keeps out, in en/fr/de
    "health": ("pregnant women", "clientes enceintes", "Kunden mit chronischer Krankheit"),
    "ethnic_origin": (
        "customers from an immigrant background",
        "clients issus de l'immigration",
        "Kunden mit Migrationshintergrund",
    ),
    "religion": ("Muslims for a Ramadan offer", "clients catholiques", "jüdische Kunden"),
    "sexual_orientation": ("gay customers", "clients homosexuels", "schwule Kunden"),
    "political_opinion": ("political activists", "militants politiques", "Gewerkschaftsmitglieder"),
    "financial_situation": ("customers by income", "clients par revenu", "Kunden nach Einkommen"),
    "credentials": ("their passwords", "leurs mots de passe", "ihre Passwörter"),
}


@pytest.mark.parametrize("name", ["demo", *NEW_DOMAINS])
@pytest.mark.parametrize("topic", sorted(SPECIAL_CATEGORIES))
def test_every_catalog_refuses_special_categories_in_each_language(name: str, topic: str) -> None:
    catalog = get_domain(name).load_catalog()
    for request in SPECIAL_CATEGORIES[topic]:
        found = sensitive_topic(request, catalog)
        assert found is not None and found.name == topic, (name, request)
    assert sensitive_topic("Kunden in Frankfurt mit mehr als 3 Bestellungen", catalog) is None
    assert sensitive_topic("customers due for a migration to the new plans", catalog) is None


@pytest.mark.xdist_group("domains")
@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_rows_after_as_of_exactly_on_future_event_tables(
    name: str, domain_data: DomainData
) -> None:
    catalog = get_domain(name).load_catalog()
    as_of = catalog.as_of.strftime("%Y-%m-%d")
    ahead = {
        table.name: _scalar(
            domain_data(name),
            f"SELECT count(*) FROM {table.name} WHERE {table.timestamp} >= DATE '{as_of}'",
        )
        for table in catalog.event_tables
    }
    future = {table.name for table in catalog.event_tables if table.future_events}
    assert future and {table for table, rows in ahead.items() if rows} == future


@pytest.mark.xdist_group("domains")
@pytest.mark.parametrize("name", NEW_DOMAINS)
def test_data_checks_find_nothing_but_the_shared_words(name: str, domain_data: DomainData) -> None:
    from audience.compile import check_indicators_run
    from schema_catalog import check_data, open_duckdb_reader

    catalog = get_domain(name).load_catalog()
    with open_duckdb_reader(domain_data(name)) as reader:
        issues = check_data(catalog, reader) + check_indicators_run(catalog, reader)
    assert [issue.render() for issue in issues if issue.severity.value != "info"] == []
