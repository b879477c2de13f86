"""French and German pages are French and German all through (AppTest): channels by the
catalog's labels in the page's language (waterfall, submit form, review queue, Audiences,
Catalog), numbers as the language's ``format.yml`` writes them, restrictions and check issues
from the packs, the catalog's own words marked where it has no translation, and a driver's raw
line kept in an expander titled in the page's language. Assertions are on pack and catalog
values; "English" is the English values the page must not show."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import tests.support.ui_app as ui_app
from audience.rules import problem_text
from audience.workflow import AudienceState
from languages import format_number, language_name, word
from schema_catalog import Catalog, check_synonym_collisions, load_catalog
from tests.ui.app.test_languages import FRENCH_REQUEST, GERMAN_REQUEST, english_only
from ui.components.app_words import app_words
from ui.components.phrases import answer_phrases

pytestmark = pytest.mark.usefixtures("workspace")

REQUESTS = {"fr": FRENCH_REQUEST, "de": GERMAN_REQUEST}


def english_catalog_values(catalog: Catalog, lang: str) -> set[str]:
    """The catalog's English words that have a ``lang`` form different from them: channel
    labels and the reasons of restrictions and sensitive topics."""
    channels = {c.label for c in catalog.channels if c.label_in(lang) != c.label}
    protections = [*catalog.targeting.restrictions, *catalog.targeting.sensitive_topics]
    reasons = {p.reason for p in protections if p.reason_in(lang) != p.reason}
    return channels | reasons


def identifiers(catalog: Catalog) -> list[str]:
    """The catalog's names, which are no language's words (tables, 'table.column', indicators,
    restrictions), longest first so a name inside another is taken out after it."""
    names = [t.name for t in catalog.tables] + [i.name for i in catalog.indicators]
    names += [f"{t.name}.{c.name}" for t in catalog.tables for c in t.columns]
    names += [r.name for r in catalog.targeting.restrictions]
    return sorted(names, key=len, reverse=True)


def _english_on(at: AppTest, lang: str, catalog: Catalog, names: tuple[str, ...] = ()) -> list[str]:
    """The English pack and catalog values on the page, leaving out the catalog's names and
    the catalog's own words that the page marks as not translated."""
    marked = app_words(lang).catalog.untranslated.format(
        text="", language=language_name(catalog.language)
    )
    cells = [cell for cell in _table_cells(at).splitlines() if marked not in cell]
    shown = "\n".join([ui_app.page_strings(at), *cells])
    for name in sorted([*identifiers(catalog), *names], key=len, reverse=True):
        shown = shown.replace(name, "")
    english = english_only(lang) | english_catalog_values(catalog, lang)
    return sorted(piece for piece in english if piece in shown)


def _table_cells(at: AppTest) -> str:
    """Every cell of every data grid on the page, one per line."""
    return "\n".join(str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().flat)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_build_shows_the_channel_and_the_numbers_in_the_requests_language(lang: str) -> None:
    catalog = load_catalog()
    at = ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), REQUESTS[lang])
    assert not at.exception
    said = app_words(lang)
    waterfall = at.session_state["perimeter"].build.analysis.waterfall
    label = catalog.channel_label(waterfall.channel, lang)
    assert label != catalog.channel(waterfall.channel).label  # 'Email' has a French form
    (metric,) = [m for m in at.metric if m.label == answer_phrases(lang).will_receive]
    assert metric.value == format_number(waterfall.contactable, lang)
    shown = ui_app.texts(at)
    assert said.figures.reachable_by.format(channel=label) in shown  # the waterfall's title
    last = f"| {format_number(waterfall.contactable, lang)} |"
    assert last in shown  # the waterfall's table, written the language's way
    count = format_number(waterfall.contactable, lang)
    assert said.submit.by_channel.format(channel=label, count=count) in shown  # the submit form
    (picker,) = [s for s in at.selectbox if s.label == said.figures.channel]
    assert label in picker.options
    assert _english_on(at, lang, catalog) == []


def _submitted_in(lang: str) -> int:
    at = ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), REQUESTS[lang])
    ui_app.button(at, app_words(lang).submit.submit).click().run()
    assert not at.exception
    (pending,) = ui_app.workflow().list_audiences(state=AudienceState.PENDING_REVIEW)
    assert pending.assessment is not None
    return pending.assessment.count


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_review_and_audiences_show_the_channel_and_numbers_in_the_requests_language(
    lang: str,
) -> None:
    catalog = load_catalog()
    reach = _submitted_in(lang)
    label = catalog.channel_label("email", lang)
    said = app_words(lang)
    review = ui_app.sign_in(ui_app.start(), "reviewer")
    queue = review.dataframe[0].value
    assert list(queue[said.review.channel]) == [label]
    assert list(queue[said.review.will_receive]) == [format_number(reach, lang)]
    assert any(ui_app.readable(s.value).endswith(f" · {label}") for s in review.subheader)
    assert _english_on(review, lang, catalog) == []
    library = ui_app.go(review, "audiences")
    assert list(library.dataframe[0].value[said.library.channel]) == [label]
    assert _english_on(library, lang, catalog) == []
    assert not review.exception and not library.exception


def _catalog_page(lang: str) -> AppTest:
    at = ui_app.start()
    at.query_params["lang"] = lang
    return ui_app.go(ui_app.sign_in(at.run(), "reviewer"), "catalog")


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_catalog_page_says_channels_restrictions_and_policy_in_the_pages_language(
    lang: str,
) -> None:
    catalog = load_catalog()
    at = _catalog_page(lang)
    said = app_words(lang).catalog
    cells = _table_cells(at)
    assert all(channel.label_in(lang) in cells for channel in catalog.channels)
    (minors,) = catalog.targeting.restrictions
    assert problem_text(minors.wording(), lang, catalog) in cells  # the packs' protected range
    assert minors.reasons[lang] in cells
    shown = ui_app.texts(at)
    assert all(topic.reasons[lang] in shown for topic in catalog.targeting.sensitive_topics)
    policy = catalog.policy
    share = format_number(policy.max_share_of_base, lang, share=True)
    assert said.policy.format(
        size=format_number(policy.max_audience_size, lang), share=share,
        jump=format_number(policy.max_jump_factor, lang),
        ceiling=format_number(policy.hard_ceiling, lang),
    ) in shown  # fmt: skip
    assert _english_on(at, lang, catalog) == []
    assert not at.exception


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_catalog_page_marks_the_catalogs_words_it_has_not_translated(lang: str) -> None:
    """A description the catalog has only in English reads as such, marked in the page's
    language; a label it has in that language reads unmarked."""
    catalog = load_catalog()
    at = _catalog_page(lang)
    said = app_words(lang).catalog
    cells = _table_cells(at)
    crm = catalog.sources[0]
    assert not crm.descriptions
    english = language_name(catalog.language)
    assert said.untranslated.format(text=crm.description, language=english) in cells
    orders = catalog.table("orders")
    assert orders.labels[lang] in cells.splitlines()  # translated: as it is, no mark
    assert said.columns.synonyms != app_words("en").catalog.columns.synonyms


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_catalog_checks_are_said_in_the_pages_language(lang: str) -> None:
    catalog = load_catalog()
    at = ui_app.expand(_catalog_page(lang), "catalog_checks")
    said = app_words(lang).catalog
    shown = ui_app.texts(at)
    collision = next(iter(check_synonym_collisions(catalog)))
    assert collision.wording is not None and collision.hint_wording is not None
    assert word(collision.wording, lang) in shown
    assert word(collision.hint_wording, lang) in shown
    assert f"| {said.severities.warning} | {collision.path} |" in ui_app.readable(
        "\n".join(m.value for m in at.markdown)
    )
    assert collision.message not in shown
    words = tuple(
        str(i.wording.params["word"]) for i in check_synonym_collisions(catalog) if i.wording
    )
    assert _english_on(at, lang, catalog, words) == []  # the colliding words are the catalog's
    assert not at.exception


def _engine_fails(lang: str) -> None:
    """A page whose count fails in DuckDB with a raw line of its own (an I/O error)."""
    from audience.errors import EngineError
    from languages import say
    from ui.components.app_words import use_language
    from ui.components.errors import guarded

    said = use_language(lang)
    with guarded(said.actions.count):
        raise EngineError(say("io_error", operation="count", raw="IO Error: No space left"))


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_drivers_line_is_explained_and_kept_in_an_expander(lang: str) -> None:
    at = AppTest.from_function(_engine_fails, args=(lang,)).run()
    said = app_words(lang).errors
    (error,) = at.error
    assert said.raw_below in ui_app.readable(error.value)
    assert "No space left" not in error.value  # the raw line is not the message
    (kept,) = [e for e in at.expander if e.label == said.raw_title]
    assert [c.value for c in kept.code] == ["IO Error: No space left"]
    assert [piece for piece in english_only(lang) if piece in error.value] == []
