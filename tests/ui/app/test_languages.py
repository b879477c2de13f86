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

import pytest
import yaml

import tests.support.ui_app as ui_app
from audience.workflow import AudienceState
from languages import packs
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


def _english_on(at, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    shown = ui_app.page_strings(at)
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
