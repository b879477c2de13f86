"""Loading the YAML catalog: the demo loads, and every error names the file and the line."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schema_catalog import (
    DEMO_CATALOG_DIR,
    Cadence,
    CatalogLoadError,
    IndicatorMode,
    TableKind,
    load_catalog,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of the bundled demo catalog."""
    return Path(shutil.copytree(DEMO_CATALOG_DIR, tmp_path / "catalog"))


def _edit(file: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``file``; return the 1-based line where the edit starts."""
    text = file.read_text()
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new))
    return text[: text.index(old)].count("\n") + 1


def _load_error(folder: Path) -> CatalogLoadError:
    with pytest.raises(CatalogLoadError) as caught:
        load_catalog(folder)
    return caught.value


def test_demo_catalog_loads() -> None:
    catalog = load_catalog()
    assert catalog.as_of == datetime(2026, 10, 1, tzinfo=UTC)
    assert catalog.profile_table.name == "customers"
    assert {t.name for t in catalog.event_tables} == {
        "orders",
        "web_sessions",
        "page_views",
        "email_events",
    }
    assert catalog.table("orders").kind is TableKind.EVENT
    assert catalog.indicator("churn_risk").mode is IndicatorMode.SNAPSHOT
    assert catalog.source("web").refresh is Cadence.HOURLY


def test_a_copied_folder_loads_like_the_demo(folder: Path) -> None:
    assert load_catalog(folder) == load_catalog()


def test_unknown_key_names_file_line_and_closest_key(folder: Path) -> None:
    file = folder / "tables" / "orders.yml"
    line = _edit(file, "dimensions: [channel", "dimensionz: [channel")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)
    assert error.hint is not None and "'dimensions'" in error.hint


def test_unknown_key_inside_a_column_suggests_a_column_field(folder: Path) -> None:
    file = folder / "tables" / "customers.yml"
    line = _edit(file, "    allowed_values: [female, male, other]", "    alowed_values: [female]")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)
    assert error.hint is not None and "'allowed_values'" in error.hint


def test_bad_value_points_at_its_line(folder: Path) -> None:
    file = folder / "tables" / "orders.yml"
    line = _edit(file, "{name: amount, type: decimal", "{name: amount, type: decimel")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_a_value_label_in_no_language_points_at_its_line(folder: Path) -> None:
    """A value's labels are keyed by language code: 'French' is not one."""
    file = folder / "tables" / "orders.yml"
    line = _edit(file, "      store: {fr: magasin, de: Filiale}", "      store: {French: magasin}")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_the_demo_labels_its_values_in_french_and_german() -> None:
    channel = load_catalog().table("orders").column("channel")
    assert [channel.value_label("store", lang) for lang in ("en", "fr", "de")] == [
        "store",
        "magasin",
        "Filiale",
    ]


def test_a_channel_label_in_no_language_points_at_its_line(folder: Path) -> None:
    """A channel's labels are keyed by language code, like a column's: 'French' is not one."""
    file = folder / "catalog.yml"
    line = _edit(file, "    labels: {fr: E-mail, de: E-Mail}", "    labels: {French: E-mail}")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_the_demo_names_its_channels_and_reasons_in_french_and_german() -> None:
    catalog = load_catalog()
    assert [catalog.channel_label("email", lang) for lang in ("en", "fr", "de")] == [
        "Email",
        "E-mail",
        "E-Mail",
    ]
    assert catalog.channel_label("fax", "fr") == "fax"  # an old audience's channel: as written
    (minors,) = catalog.targeting.restrictions
    assert minors.reason_in("de") == minors.reasons["de"] != minors.reason_in("en")


def test_error_in_sources_file_points_into_it(folder: Path) -> None:
    file = folder / "sources.yml"
    old = '    refresh: daily\n    last_refreshed_at: "2026-09-30T23:00:00Z"'
    line = _edit(file, old, old.replace("daily", "sometimes"))
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_error_in_an_indicator_file_points_into_it(folder: Path) -> None:
    file = folder / "indicators" / "churn_risk.yml"
    line = _edit(file, "cadence: weekly", "cadence: fortnightly")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_missing_required_key_points_at_the_enclosing_item(folder: Path) -> None:
    file = folder / "tables" / "consents.yml"
    line = _edit(file, "  - {name: sms_optin, type: boolean,", "  - {name: sms_optin,")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), line)


def test_several_errors_are_all_reported(folder: Path) -> None:
    _edit(folder / "indicators" / "age.yml", "type: number", "type: numbr")
    _edit(folder / "tables" / "orders.yml", "kind: event", "kind: evnt")
    error = _load_error(folder)
    assert error.file == str(folder / "tables" / "orders.yml")
    assert len(error.more) == 1
    assert error.more[0].startswith(f"{folder / 'indicators' / 'age.yml'}:")


def test_yaml_syntax_error_names_file_and_line(folder: Path) -> None:
    file = folder / "tables" / "suppressions.yml"
    text = file.read_text()
    file.write_text(text + "extra: [unclosed\nmore: 1\n")
    error = _load_error(folder)
    assert error.file == str(file)
    assert error.line is not None and error.line > text.count("\n")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(folder: Path) -> None:
    file = folder / "tables" / "suppressions.yml"
    text = file.read_text()
    file.write_text(text + "kind: event\n")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), text.count("\n") + 1)


def test_missing_catalog_file_is_named(folder: Path) -> None:
    (folder / "sources.yml").unlink()
    assert _load_error(folder).file == str(folder / "sources.yml")


def test_missing_folder_is_named(tmp_path: Path) -> None:
    assert _load_error(tmp_path / "nowhere").file == str(tmp_path / "nowhere")


def test_table_file_that_is_not_a_mapping(folder: Path) -> None:
    file = folder / "tables" / "orders.yml"
    file.write_text("- just\n- a list\n")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), 1)


def test_split_keys_do_not_belong_in_catalog_yml(folder: Path) -> None:
    file = folder / "catalog.yml"
    text = file.read_text()
    file.write_text(text + "tables: []\n")
    error = _load_error(folder)
    assert (error.file, error.line) == (str(file), text.count("\n") + 1)


def test_indicators_folder_is_optional(folder: Path) -> None:
    shutil.rmtree(folder / "indicators")
    assert load_catalog(folder).indicators == ()
