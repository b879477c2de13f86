"""What a new user stumbled on with a climbing-gym chain's database (``tests/support/climbing_db``):
a five-row lookup table drafted as the profile and passed by the check, the author unable to
name the profile, a do-not-contact list without a channel column, and the draft's own output
warned about by the check."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from audience.engine import AudienceEngine
from audience.rules import Group, RuleTree
from schema_catalog import (
    Catalog,
    CatalogLookupError,
    IntrospectionError,
    Suppression,
    TableKind,
    check_catalog,
    check_data,
    draft_catalog_from_database,
    load_catalog,
    open_duckdb_reader,
    resolve_as_of,
    write_draft,
)
from tests.support.climbing_db import BLOCKED


def _drafted(database: Path, folder: Path, profile: str | None = None) -> Catalog:
    write_draft(draft_catalog_from_database(database, profile), folder)
    return load_catalog(folder)


@pytest.fixture(scope="module")
def climbing_draft(climbing_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return _drafted(climbing_db, tmp_path_factory.mktemp("climbing_draft"))


def _codes(catalog: Catalog, database: Path) -> set[tuple[str, str]]:
    with open_duckdb_reader(database) as reader:
        resolved = resolve_as_of(catalog, reader)
        issues = check_catalog(resolved) + check_data(resolved, reader)
    return {(issue.code, issue.path) for issue in issues}


def test_a_lookup_table_every_table_references_is_not_the_profile(
    climbing_draft: Catalog,
) -> None:
    """``gym.site`` (5 rows) is carried by more tables than the climbers are; the climbers'
    key reaches far more values, so it wins, and the lookup is left out."""
    assert (climbing_draft.profile.table, climbing_draft.profile.key) == ("climbers", "member_no")
    assert not climbing_draft.has_table("gym")
    joins = {t.name: t.join.column for t in climbing_draft.tables if t.join is not None}
    assert set(joins.values()) == {"climber"}


def test_the_author_names_the_profile(climbing_db: Path) -> None:
    by_table = draft_catalog_from_database(climbing_db, "consents")
    assert by_table["profile"] == {"table": "consents", "key": "climber", "label": "consent"}
    by_key = draft_catalog_from_database(climbing_db, "climbers.member_no")
    assert by_key["profile"] == {"table": "climbers", "key": "member_no", "label": "climber"}
    notes = by_key["notes"]
    assert isinstance(notes, list) and "--profile" in notes[0]


@pytest.mark.parametrize("profile", ["members", "checkins.site", "climbers.home_site"])
def test_a_profile_the_data_cannot_be_is_refused(climbing_db: Path, profile: str) -> None:
    with pytest.raises(IntrospectionError) as caught:
        draft_catalog_from_database(climbing_db, profile)
    assert caught.value.hint  # names the tables, or the table's unique columns


def test_the_check_warns_about_a_lookup_taken_for_the_profile(
    climbing_db: Path, climbing_draft: Catalog, tmp_path: Path
) -> None:
    wrong = _drafted(climbing_db, tmp_path / "wrong", profile="gym")
    assert wrong.table("gym").kind is TableKind.PROFILE
    assert ("profile_looks_like_lookup", "profile.table") in _codes(wrong, climbing_db)
    assert "profile_looks_like_lookup" not in {c for c, _ in _codes(climbing_draft, climbing_db)}


def test_the_draft_passes_its_own_check(climbing_draft: Catalog, climbing_db: Path) -> None:
    """Not even a source refreshed 'after' as_of: the draft writes it as the instant
    ``as_of: latest`` resolves to."""
    assert _codes(climbing_draft, climbing_db) == set()


def test_a_suppression_list_without_channel_column_blocks_every_channel(
    climbing_draft: Catalog, climbing_db: Path
) -> None:
    suppression = climbing_draft.suppression
    assert suppression is not None
    assert (suppression.table, suppression.channel_column) == ("do_not_contact", None)
    everyone = RuleTree(root=Group())
    with duckdb.connect(str(climbing_db), read_only=True) as con:
        expected = {
            channel: con.execute(
                f"SELECT count(*) FROM consents WHERE {flag} AND climber NOT IN "
                "(SELECT climber FROM do_not_contact)"
            ).fetchall()[0][0]
            for channel, flag in (("email", "newsletter_optin"), ("sms", "sms_optin"))
        }
        emailable = con.execute("SELECT count(*) FROM consents WHERE newsletter_optin")
        consented = emailable.fetchall()[0][0]
    with AudienceEngine(climbing_db, climbing_draft) as engine:
        reach = {name: engine.waterfall(everyone, name) for name in ("email", "sms")}
    assert {name: w.contactable for name, w in reach.items()} == expected
    assert reach["email"].consented - reach["email"].not_suppressed == BLOCKED
    assert reach["email"].not_suppressed == consented - BLOCKED


def test_a_list_without_channel_column_must_say_so(climbing_draft: Catalog) -> None:
    """Left out, ``channel_column`` means a column named 'channel': the check says which
    column is missing and that ``channel_column: null`` blocks every channel."""
    implicit = climbing_draft.model_copy(
        update={"suppression": Suppression(table="do_not_contact")}
    )
    found = [i for i in check_catalog(implicit) if i.code == "unknown_suppression_column"]
    assert [(i.path, i.is_error) for i in found] == [("suppression.channel_column", True)]
    assert "channel_column: null" in (found[0].hint or "")
    assert not [i for i in check_catalog(climbing_draft) if i.code.startswith("unknown_supp")]


def test_an_unknown_channel_names_the_catalogs_channels(climbing_draft: Catalog) -> None:
    """'push' is nothing like 'email' or 'sms': the error lists the catalog's channels."""
    with pytest.raises(CatalogLookupError) as caught:
        climbing_draft.channel("push")
    assert caught.value.hint == "Channels of this catalog: email, sms."
