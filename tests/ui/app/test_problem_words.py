"""Problems speak the page's language (AppTest): a validator issue and a refused request on
Build, and the workflow's refusals on Review (a rejection without a comment, approving one's own
request), are said in French or German — the page's words from ``problems.yml``, catalog names
by their labels — with none of the English phrases of the packs on the page. The command line
keeps the English."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import tests.support.ui_app as ui_app
from assistant.planning import MAX_REQUEST_CHARS
from audience.errors import CommentRequiredError, FourEyesError
from audience.rules import Attribute, Group, Op, RuleTree, problem_text
from audience.workflow import AudienceState
from languages import Wording, say
from schema_catalog import Catalog
from tests.ui.app.test_languages import english_only
from ui.components.app_words import app_words

pytestmark = pytest.mark.usefixtures("workspace")

REQUESTS = {"fr": "clients au niveau platine", "de": "Kunden mit Platin-Status"}


def _english_on(at, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    shown = ui_app.page_strings(at)
    return sorted(piece for piece in english_only(lang) if piece in shown)


def _errors(at) -> str:  # type: ignore[no-untyped-def]
    return ui_app.readable("\n".join(error.value for error in at.error))


def _platinum() -> RuleTree:
    """A tree a planner might propose: a loyalty tier the catalog does not have."""
    tier = Attribute(field="customers.loyalty_tier", op=Op.EQ, value="platinum")
    return RuleTree(root=Group()).add_rule(tier)


def test_the_english_list_holds_the_problems_phrases() -> None:
    assert {"' needs a written comment", "' and cannot review it"} <= english_only("fr")
    assert "is not an allowed value of" in english_only("de")


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_validator_issue_on_build_is_in_the_requests_language(
    lang: str, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    planner = ui_app.ScriptedPlanner(ui_app.proposal(_platinum()))
    ui_app.use_planner(monkeypatch, planner)
    at = ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), REQUESTS[lang])
    assert not at.exception
    (step,) = at.session_state["perimeter"].build.log.steps
    (issue,) = step.issues
    assert (issue.code, issue.path) == ("value_not_allowed", "root.rules[0].value")
    assert issue.message == "'platinum' is not an allowed value of customers.loyalty_tier."
    assert isinstance(issue.wording, Wording) and issue.hint_wording is not None
    shown = _errors(at)
    assert problem_text(issue.wording, lang, catalog) in shown
    assert problem_text(issue.hint_wording, lang, catalog) in shown
    assert "customers.loyalty_tier" not in shown  # the field by its label, not its column
    assert _english_on(at, lang) == []


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_request_too_long_is_refused_in_its_language(lang: str) -> None:
    request = " ".join([REQUESTS[lang]] * (MAX_REQUEST_CHARS // len(REQUESTS[lang]) + 1))
    at = ui_app.ask(ui_app.sign_in(ui_app.start(), "marketer"), request)
    assert not at.exception
    (step,) = at.session_state["perimeter"].build.log.steps
    assert step.failed and step.error_wording is not None
    assert step.error_wording.key == "request_too_long"
    assert step.error.startswith(f"The request is {len(request):,} characters long")
    shown = _errors(at)
    assert problem_text(step.error_wording, lang) in shown
    assert problem_text(say("describe_in_sentences"), lang) in shown
    assert _english_on(at, lang) == []


def _review_in(lang: str, user: str):  # type: ignore[no-untyped-def]
    at = ui_app.start()
    at.query_params["lang"] = lang
    return ui_app.go(ui_app.sign_in(at.run(), user), "review")


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_rejection_without_a_comment_is_refused_in_the_pages_language(lang: str) -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Printemps VIP", ui_app.seed_rules())
    at = _review_in(lang, "reviewer")
    ui_app.button(at, app_words(lang).review.reject).click().run()
    assert not at.exception
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW
    with pytest.raises(CommentRequiredError) as refused:
        service.reject("reviewer", audience_id, comment=" ")
    assert refused.value.code == "rejection_needs_comment"
    shown = _errors(at)
    assert problem_text(refused.value.wording, lang) in shown
    assert problem_text(say("say_why_in_comment"), lang) in shown
    assert refused.value.message not in shown
    assert _english_on(at, lang) == []


def _approve_as(user: str, audience_id: int, lang: str) -> None:
    """A page that approves as ``user`` (the Review page disables the button on one's own
    request; behind it, the workflow refuses, and this is what a page shows then)."""
    from ui.components.app_words import use_language
    from ui.components.errors import guarded
    from ui.resources import service

    said = use_language(lang)
    with guarded(said.actions.approve):
        service().approve(user, audience_id)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_approving_ones_own_request_is_refused_in_the_pages_language(lang: str) -> None:
    service = ui_app.workflow()
    audience_id = ui_app.submitted_audience(service, "Mine", ui_app.seed_rules(), owner="admin")
    assert ui_app.button(_review_in(lang, "admin"), app_words(lang).review.approve).disabled
    at = AppTest.from_function(_approve_as, args=("admin", audience_id, lang)).run()
    assert not at.exception
    assert service.get(audience_id).state is AudienceState.PENDING_REVIEW
    with pytest.raises(FourEyesError) as refused:
        service.approve("admin", audience_id)
    assert refused.value.code == "own_request"
    shown = _errors(at)
    assert app_words(lang).errors.could_not.format(action=app_words(lang).actions.approve) in shown
    assert problem_text(refused.value.wording, lang) in shown
    assert problem_text(say("another_person_decides"), lang) in shown
    assert _english_on(at, lang) == []
