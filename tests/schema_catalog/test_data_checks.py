"""Checks that see the data: join coverage, as_of against the events, bookings not flagged,
personal data not flagged, keys as measures, missing channels, numbers on the wrong scale."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from schema_catalog import (
    AsOfMode,
    Catalog,
    Issue,
    Join,
    Profile,
    Scale,
    Severity,
    TableKind,
    check_data,
    open_duckdb_reader,
    resolve_as_of,
)
from tests.support.catalogs import with_column, with_indicator, with_table


def _run(catalog: Catalog, database: Path) -> list[Issue]:
    with open_duckdb_reader(database) as reader:
        return check_data(resolve_as_of(catalog, reader), reader)


def _found(catalog: Catalog, database: Path) -> set[tuple[str, str, Severity]]:
    return {(i.code, i.path, i.severity) for i in _run(catalog, database)}


def test_wrong_profile_draft_is_caught(vet_draft: Catalog, vet_db: Path) -> None:
    """The issue's story: an event table taken for the profile, joins that compare unrelated
    keys; every other check passes, the join coverage check does not."""
    wrong = with_table(vet_draft, "appointments", kind=TableKind.PROFILE, join=None)
    wrong = with_table(
        wrong, "households", kind=TableKind.ATTRIBUTE, join=Join(column="household_no")
    )
    wrong = wrong.model_copy(update={"profile": Profile(table="appointments", key="appt_no")})
    errors = {(i.code, i.path) for i in _run(wrong, vet_db) if i.is_error}
    assert errors == {
        ("join_coverage_none", f"tables.{name}.join.column")
        for name in ("households", "pets", "visits", "reminders", "contact_blocks")
    }


def test_join_coverage_zero_is_an_error(vet_draft: Catalog, vet_db: Path) -> None:
    broken = with_table(
        vet_draft, "visits", join=Join(column="visit_no", relationship="one_to_many")
    )
    assert ("join_coverage_none", "tables.visits.join.column", Severity.ERROR) in _found(
        broken, vet_db
    )


def test_partial_join_coverage_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    partial = with_table(vet_draft, "visits", join=Join(column="pet", relationship="one_to_many"))
    profile = Profile(table="pets", key="pet_no")
    mixed = with_table(partial, "pets", kind=TableKind.PROFILE, join=None).model_copy(
        update={"profile": profile}
    )
    found = {(code, path) for code, path, _ in _found(mixed, vet_db)}
    assert ("join_coverage_none", "tables.visits.join.column") not in found


def test_as_of_after_the_data_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    late = vet_draft.model_copy(
        update={"as_of": datetime(2026, 9, 1, tzinfo=UTC), "as_of_mode": AsOfMode.FIXED}
    )
    assert ("as_of_after_data", "as_of", Severity.WARNING) in _found(late, vet_db)


def test_as_of_long_before_the_data_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    early = vet_draft.model_copy(
        update={"as_of": datetime(2026, 5, 1, tzinfo=UTC), "as_of_mode": AsOfMode.FIXED}
    )
    assert ("as_of_before_data", "as_of", Severity.WARNING) in _found(early, vet_db)


def test_as_of_latest_is_neither(vet_draft: Catalog, vet_db: Path) -> None:
    codes = {code for code, _, _ in _found(vet_draft, vet_db)}
    assert not codes & {"as_of_after_data", "as_of_before_data"}


def test_bookings_not_marked_future_are_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    unflagged = with_table(vet_draft, "appointments", future_events=False)
    assert (
        "future_events_not_flagged",
        "tables.appointments.future_events",
        Severity.WARNING,
    ) in _found(unflagged, vet_db)


def test_personal_data_not_flagged_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    households = vet_draft.table("households")
    columns = tuple(
        c.model_copy(update={"pii": False}) if c.name in ("mobil", "email_addr") else c
        for c in households.columns
    )
    found = _found(with_table(vet_draft, "households", columns=columns), vet_db)
    assert {
        ("pii_not_flagged", "tables.households.columns.mobil.pii", Severity.WARNING),
        ("pii_not_flagged", "tables.households.columns.email_addr.pii", Severity.WARNING),
    } <= found


def test_a_key_as_measure_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    keyed = with_table(vet_draft, "visits", measures=("amount_eur", "visit_no"))
    assert ("key_as_measure", "tables.visits.measures", Severity.WARNING) in _found(keyed, vet_db)


def test_no_channel_is_a_warning(vet_draft: Catalog, vet_db: Path) -> None:
    silent = vet_draft.model_copy(update={"channels": (), "suppression": None})
    found = _found(silent, vet_db)
    assert ("no_channels", "channels", Severity.WARNING) in found
    assert ("no_suppression", "suppression", Severity.INFO) in found


def test_the_demo_catalog_on_its_data_is_clean(catalog: Catalog, demo_db: Path) -> None:
    assert _run(catalog, demo_db) == []


def test_a_0_to_100_number_declared_0_to_1_is_an_error(catalog: Catalog, demo_db: Path) -> None:
    """Amounts in the hundreds declared a fraction: '70 %' would be compared as 0.7."""
    wrong = with_column(catalog, "orders", "amount", scale=Scale.FRACTION)
    path = "tables.orders.columns.amount.scale"
    assert ("scale_mismatch", path, Severity.ERROR) in _found(wrong, demo_db)


def test_a_0_to_1_score_declared_0_to_100_is_an_error(catalog: Catalog, demo_db: Path) -> None:
    wrong = with_indicator(catalog, "category_appetite", scale=Scale.PERCENT)
    found = _found(wrong, demo_db)
    assert ("scale_mismatch", "indicators.category_appetite.scale", Severity.ERROR) in found
