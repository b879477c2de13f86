"""The app speaks the request's language (AppTest): after a French or a German request, nothing
on the Build page — chat, answer card, waterfall, weights, builder, submit form, expanders —
and nothing on Review or Audiences for an audience requested in French is in English. The
sidebar's language pick wins over the request's; ``?lang=`` keeps it.

"English" is checked on the packs' own words: every fixed piece of an English template of the
app (``app.yml``), the answer card (``answer.yml``), the size flags (``flags.yml``) and the
problems (``problems.yml``: issues and errors) that the other language does not share, so a
phrase left in code or forgotten in a pack shows up here.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import yaml

import tests.support.ui_app as ui_app
from audience.engine import BreakdownRow
from audience.rules import field_values
from audience.workflow import AudienceState
from languages import packs
from schema_catalog import load_catalog
from ui.components.analysis_view import breakdown_rows
from ui.components.app_words import app_words

pytestmark = pytest.mark.usefixtures("workspace")

FRENCH_REQUEST = "clients VIP qui ont acheté en magasin au moins deux fois"
GERMAN_REQUEST = "VIP-Kunden, die mindestens zweimal im Geschäft gekauft haben"
CHROME_TOPICS = ("app", "answer", "flags", "problems")


def _values(lang: str) -> list[str]:
    """Every phrase of the chrome topics of ``lang``."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    for topic in CHROME_TOPICS:
        walk(yaml.safe_load((packs.PACKS_DIR / lang / f"{topic}.yml").read_text()))
    return found


def english_only(lang: str) -> set[str]:
    """The fixed pieces (between placeholders) of the English phrases, at least two words or
    six letters long, that appear nowhere in ``lang``'s phrases."""
    theirs = "\n".join(_values(lang))
    pieces = set()
    for phrase in _values("en"):
        for literal, *_ in string.Formatter().parse(phrase):
            piece = literal.strip(" .,:;()*—-–·\n")
            long_enough = " " in piece or len(re.sub(r"\W", "", piece)) >= 6
            if long_enough and piece not in theirs:
                pieces.add(piece)
    return pieces


def _english_on(at, lang: str, identifiers: tuple[str, ...] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    """The English-only pieces on the page, once the catalog's ``identifiers`` (table names,
    which are no language's words) are taken out."""
    shown = ui_app.page_strings(at)
    for identifier in identifiers:
        shown = shown.replace(identifier, "")
    return sorted(piece for piece in english_only(lang) if piece in shown)


def test_the_english_list_is_the_packs_words() -> None:
    french = english_only("fr")
    assert {"Undo the last step", "Will receive", "Submit for review", "Keep the people who"} <= (
        french
    )
    assert "SQL" not in french  # the same word in both packs is not English-only
    assert len(english_only("de")) > 150


def _marketer_asks(text: str):  # type: ignore[no-untyped-def]
    return ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), text)


def test_the_check_finds_english_on_an_english_page() -> None:
    found = _english_on(_marketer_asks(ui_app.SEED_REQUEST), "fr")
    assert {"Undo the last step", "Will receive", "Submit for review", "Time windows"} <= set(found)


@pytest.mark.parametrize(("request_text", "lang"), [(FRENCH_REQUEST, "fr"), (GERMAN_REQUEST, "de")])
def test_the_build_page_speaks_the_requests_language(request_text: str, lang: str) -> None:
    at = _marketer_asks(request_text)
    assert not at.exception
    assert at.session_state["perimeter"].language == lang
    said = app_words(lang)
    assert [t.value for t in at.title] == [said.chat.title]
    assert _english_on(at, lang) == []
    for key in ("build_coverage", "build_sample", "build_breakdowns", "build_sql"):
        ui_app.expand(at, key)  # every folded section, drawn
    at.button(key="add_activity").click().run()  # the builder's editor, open
    assert [b.label for b in at.button if b.key == "builder_apply"] == [said.builder.apply]
    assert _english_on(at, lang) == []
    assert not at.exception


def test_a_hand_edit_is_recorded_in_the_pages_language() -> None:
    at = _marketer_asks(FRENCH_REQUEST)
    at.button(key="flip_0").click().run()
    step = at.session_state["perimeter"].build.log.steps[-1]
    assert step.kind == "edit"
    assert step.text.startswith(app_words("fr").builder.excluded_change.split("{")[0])
    assert _english_on(at, "fr") == []


def _submitted_in_french():  # type: ignore[no-untyped-def]
    at = _marketer_asks(FRENCH_REQUEST)
    ui_app.button(at, app_words("fr").submit.submit).click().run()
    assert not at.exception
    (pending,) = ui_app.workflow().list_audiences(state=AudienceState.PENDING_REVIEW)
    return pending


def test_review_and_audiences_speak_the_language_of_the_audiences_request() -> None:
    _submitted_in_french()
    review = ui_app.sign_in(ui_app.start(), "reviewer")
    assert [t.value for t in review.title] == [app_words("fr").pages.review]
    for key in ("review_sample", "review_breakdowns", "review_sql"):
        ui_app.expand(review, key)
    assert _english_on(review, "fr") == []
    library = ui_app.go(review, "audiences")
    assert [t.value for t in library.title] == [app_words("fr").pages.audiences]
    assert _english_on(library, "fr") == []
    assert not review.exception and not library.exception


def test_the_users_language_pick_wins_over_the_requests() -> None:
    at = _marketer_asks(FRENCH_REQUEST)
    at.selectbox(key="ui_language").select("en").run()
    assert at.session_state["perimeter"].language == "en"
    assert [t.value for t in at.title] == [app_words("en").chat.title]
    assert ui_app.button(at, "Undo the last step")  # the chrome in English
    assert at.query_params["lang"] == "en"  # kept in the URL: a refresh keeps it
    assert "Clients — toutes les conditions" in ui_app.texts(at)  # the answer stays French
    at.selectbox(key="ui_language").select("auto").run()
    assert at.session_state["perimeter"].language == "fr"
    assert "lang" not in at.query_params


def test_the_language_in_the_url_is_kept_by_a_new_session() -> None:
    at = ui_app.start()
    at.query_params["lang"] = "de"
    at = ui_app.sign_in(at.run(), "marketer")
    assert [t.value for t in at.title] == [app_words("de").chat.title]
    assert _english_on(at, "de") == []


def _signed_in_speaking(lang: str, user: str = "reviewer"):  # type: ignore[no-untyped-def]
    """A new session whose URL asks for ``lang`` (the sidebar's pick, kept by ``?lang=``)."""
    at = ui_app.start()
    at.query_params["lang"] = lang
    return ui_app.sign_in(at.run(), user)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_catalog_page_speaks_the_pages_language(lang: str) -> None:
    """Headings, column headers, kinds, types, cadences and the policy line from the pack;
    labels and value labels from the catalog in that language."""
    at = ui_app.go(_signed_in_speaking(lang), "catalog")
    said = app_words(lang).catalog
    assert [s.value for s in at.subheader] == [
        said.sources, said.indicators, said.tables, said.channels, said.targeting
    ]  # fmt: skip
    at.selectbox(key="catalog_table").select("orders").run()
    headers = {str(column) for frame in at.dataframe for column in frame.value.columns}
    assert headers <= {said.columns.of(code) for code in type(said.columns).model_fields}
    fields = at.dataframe[3].value
    channel = fields[fields[said.columns.field] == "orders.channel"].iloc[0]
    catalog = load_catalog()
    column = catalog.table("orders").column("channel")
    assert channel[said.columns.label] == column.labels[lang]
    assert channel[said.columns.allowed_values] == ", ".join(
        column.value_labels[value][lang] for value in ("store", "web", "app")
    )
    assert _english_on(at, lang, tuple(table.name for table in catalog.tables)) == []
    assert not at.exception


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_evals_page_speaks_the_pages_language(workspace: Path, lang: str) -> None:
    """The split labels, the five classes' headers, the figures' names, the gap and the
    failures in the pack's words: none of the English ones."""
    ui_app.write_eval_report(workspace)
    at = ui_app.go(_signed_in_speaking(lang), "evals")
    said = app_words(lang).evals
    left, right = (frame.value for frame in at.dataframe[:2])
    assert list(right.columns) == [
        said.columns.of(code) for code in type(said.columns).model_fields
    ]  # fmt: skip
    assert list(left[said.columns.silent_wrong]) == ["0"]
    assert list(right[said.columns.silent_wrong]) == ["2"]
    shown = ui_app.texts(at)
    assert said.split.format(label=said.splits.dev, dataset="dev") in shown
    assert said.split.format(label=said.splits.heldout, dataset="heldout_test") in shown
    assert f"dev · {said.summary.execution_accuracy}" in {m.label for m in at.metric}
    assert _english_on(at, lang) == []
    assert not at.exception


@pytest.mark.parametrize(
    ("request_text", "lang", "labels"),
    [(FRENCH_REQUEST, "fr", ("'magasin'", "'VIP'")), (GERMAN_REQUEST, "de", ("'Filiale'",))],
)
def test_values_read_by_their_catalog_labels_in_build_review_and_audiences(
    request_text: str, lang: str, labels: tuple[str, ...]
) -> None:
    """The perimeter on Build, Review and Audiences and the builder's choices show a value by
    its label in the page's language ('store' reads 'magasin', 'Filiale'), never as stored."""
    at = _marketer_asks(request_text)
    channel = load_catalog().table("orders").column("channel")
    assert all(label in ui_app.texts(at) for label in labels)
    assert "'store'" not in ui_app.texts(at)
    at.button(key="add_activity").click().run()
    (event,) = [s for s in at.selectbox if s.label == app_words(lang).builder.activity]
    event.select("orders").run()
    options = {o for m in at.multiselect for o in m.options}
    assert {channel.value_labels[value][lang] for value in ("store", "web", "app")} <= options
    assert not {"store", "web"} & options
    ui_app.button(at, app_words(lang).builder.cancel).click().run()
    ui_app.button(at, app_words(lang).submit.submit).click().run()
    review = ui_app.sign_in(ui_app.start(), "reviewer")
    library = ui_app.go(review, "audiences")
    for page in (review, library):
        assert all(label in ui_app.texts(page) for label in labels)
        assert "'store'" not in ui_app.texts(page)
        assert not page.exception


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_breakdown_reads_values_by_their_labels(lang: str) -> None:
    """A tier by its label, a flag as the pack's yes, a missing value as the pack's '(none)'."""
    said = app_words(lang)
    tiers = field_values(load_catalog(), "customers.loyalty_tier", lang)
    rows = [BreakdownRow("silver", 3, 0.5), BreakdownRow(True, 2, 0.3), BreakdownRow(None, 1, 0.2)]
    shown = [row[said.figures.value] for row in breakdown_rows(rows, said, tiers)]
    assert shown == [tiers["silver"], said.builder.true_value, said.figures.none_value]
    assert shown[0] != "silver"


def test_a_request_in_another_language_is_answered_in_one_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The navigation and the sidebar speak the page's new language in the run that answered
    the French request: the script runs once (one ``st.navigation``), not twice."""
    at = ui_app.sign_in(ui_app.start(), "marketer")
    runs: list[object] = []
    navigation = st.navigation

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return navigation(*args, **kwargs)

    monkeypatch.setattr(st, "navigation", counted)
    at = ui_app.ask(at, FRENCH_REQUEST)
    said = app_words("fr")
    assert len(runs) == 1
    assert [link.value for link in at.page_link] == [
        said.pages.build, said.pages.audiences, said.pages.catalog, said.pages.evals
    ]  # fmt: skip
    assert ui_app.button(at, said.sidebar.sign_out)
    assert _english_on(at, "fr") == []
