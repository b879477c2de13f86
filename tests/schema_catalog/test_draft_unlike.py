"""The draft on a business unlike the demo: clinics, households keyed by ``household_no``,
references named four different ways, DATE events, bookings ahead of the data's end."""

from __future__ import annotations

from pathlib import Path

from schema_catalog import (
    AsOfMode,
    Catalog,
    TableKind,
    check_catalog,
    check_data,
    check_drift,
    draft_catalog_from_database,
    open_duckdb_reader,
    resolve_as_of,
)


def test_profile_found_by_references_whatever_their_names(vet_draft: Catalog) -> None:
    assert (vet_draft.profile.table, vet_draft.profile.key) == ("households", "household_no")
    assert vet_draft.profile.people() == "households"
    joins = {t.name: t.join.column for t in vet_draft.tables if t.join is not None}
    assert joins == {
        "pets": "household",
        "visits": "hh_ref",
        "appointments": "household_no",
        "reminders": "owner",
        "contact_blocks": "household_no",
    }


def test_date_events_and_bookings_ahead(vet_draft: Catalog) -> None:
    events = {t.name: (t.timestamp, t.future_events) for t in vet_draft.event_tables}
    assert events == {
        "visits": ("visit_day", False),
        "appointments": ("appointment_day", True),
        "reminders": ("sent_at", False),
    }
    assert vet_draft.table("pets").kind is TableKind.ATTRIBUTE  # born_on is a birth, not an event
    assert vet_draft.as_of_mode is AsOfMode.LATEST


def test_personal_data_by_name_in_several_languages_and_by_value(vet_draft: Catalog) -> None:
    flagged = {f"{t.name}.{c.name}" for t in vet_draft.tables for c in t.columns if c.pii}
    assert flagged == {
        "households.family_name",
        "households.given_name",
        "households.email_addr",
        "households.mobil",
    }


def test_allowed_values_by_distinctness_and_keys_never_measures(vet_draft: Catalog) -> None:
    visits = vet_draft.table("visits")
    assert visits.column("reason").allowed_values == (
        "checkup", "dental", "emergency", "grooming", "surgery", "vaccination",
    )  # fmt: skip
    assert vet_draft.table("pets").column("breed").allowed_values is None  # 60 breeds
    assert vet_draft.table("households").column("postcode").allowed_values is None
    assert visits.measures == ("amount_eur",)
    assert "pet" not in visits.dimensions and "visit_no" not in visits.dimensions


def test_channels_and_suppression_are_guessed(vet_draft: Catalog) -> None:
    channels = {str(c.name): (c.consent, c.contact) for c in vet_draft.channels}
    assert channels == {
        "email": ("households.newsletter_ok", "households.email_addr"),
        "sms": ("households.sms_ok", "households.mobil"),
    }
    assert vet_draft.suppression is not None
    assert (vet_draft.suppression.table, vet_draft.suppression.all_value) == (
        "contact_blocks",
        "all",
    )


def test_draft_notes_mark_what_the_author_must_check(vet_db: Path) -> None:
    notes = draft_catalog_from_database(vet_db)["notes"]
    assert isinstance(notes, list)
    topics = {note.split(":")[0].split(" ")[0] for note in notes}
    assert {"profile", "appointments", "left", "channel", "suppression", "indicators"} <= topics


def test_the_draft_passes_every_check_on_its_data(vet_draft: Catalog, vet_db: Path) -> None:
    assert [i for i in check_catalog(vet_draft) if i.is_error] == []
    assert [(i.code, i.path) for i in check_drift(vet_draft, vet_db)] == [
        ("extra_table", "database.clinics")
    ]
    with open_duckdb_reader(vet_db) as reader:
        resolved = resolve_as_of(vet_draft, reader)
        assert [(i.code, i.path) for i in check_data(resolved, reader)] == []


def test_a_score_table_of_most_people_does_not_win_the_profile(tmp_path: Path) -> None:
    """A one-row-per-person score table holding 92 % of the keys (and wider than the profile) is
    referenced as well as the profile; the key holding every referencing value wins."""
    import duckdb

    database = tmp_path / "subset.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute(
            "CREATE TABLE roster AS SELECT 'P' || i AS person_code, i % 3 = 0 AS active "
            "FROM range(200) t(i)"
        )
        con.execute(
            "CREATE TABLE scores AS SELECT 'P' || i AS person_code, i * 0.5 AS score, "
            "i % 7 AS band FROM range(185) t(i)"
        )
        for name in ("orders", "visits"):
            con.execute(
                f"CREATE TABLE {name} AS SELECT 'P' || (i % 200) AS person, "
                "DATE '2026-01-01' + CAST(i % 90 AS INTEGER) AS happened_on FROM range(1000) t(i)"
            )
    draft = draft_catalog_from_database(database)
    assert draft["profile"] == {"table": "roster", "key": "person_code", "label": "roster"}
