"""Errors at the page boundary: the message and what to do, never a stack trace.

A package error or a validator issue carries its message as a wording (a phrase key and its
values); the page says it in its own language, naming catalog things by their labels there. An
error without one (another package's) shows its own message.

A driver's or the system's own line (DuckDB, PostgreSQL, the disk: the wording's ``raw`` value)
is in their language, not the page's: the message says in the page's words that it follows, and
the line itself is kept, as written, in an expander titled in the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import streamlit as st

from assistant import AssistantError, ChatStep
from audience.errors import AudienceError, DatabaseNotFoundError
from audience.rules import problem_text
from languages import WordedError, Wording
from schema_catalog import Catalog, CatalogError, Issue
from settings import load_settings
from ui import resources
from ui.components.app_words import ErrorsWords, words
from ui.components.text import plain
from ui.state import app_state

ROOT_ERRORS: tuple[type[Exception], ...] = (CatalogError, AudienceError, AssistantError)
"""The packages' root errors: everything they raise on purpose derives from one of these."""

RAW = "raw"
"""The wording value that holds a driver's or the system's own line, as written."""

_NEXT_STEP: dict[type[Exception], str] = {
    CatalogError: "next_catalog",
    AudienceError: "next_audience",
    AssistantError: "next_assistant",
}
"""What to do next after each root error: a key of the ``errors`` words."""


def show_error(error: Exception, action: str = "") -> None:
    """Render a package error: what failed, the message (with its hint), and what to do next,
    in the page's language (a rule tree's errors: each issue).

    ``action``: what could not be done, in the page's words (``words().actions``).
    """
    said = words().errors
    title = said.could_not.format(action=action) if action else said.went_wrong
    catalog = _catalog()
    lines = [f"**{plain(title)}** {plain(_message(error, catalog))}"]
    hint = _hint(error, catalog)
    if hint and hint not in lines[0]:
        lines.append(plain(hint))
    lines.append(_next_step(error, said))
    st.error("\n\n".join(lines), icon=":material/error:")
    show_raw(error.wording if isinstance(error, WordedError) else None)


def show_raw(wording: Wording | None) -> None:
    """The driver's or the system's own line of ``wording``, if it has one, in an expander
    titled in the page's language."""
    raw = wording.params.get(RAW) if wording is not None else None
    if isinstance(raw, str):
        with st.expander(words().errors.raw_title):
            st.code(raw, language=None, wrap_lines=True)


def error_text(error: Exception) -> str:
    """A package error's message (and hint) as the page's language says it."""
    catalog = _catalog()
    message, hint = _message(error, catalog), _hint(error, catalog)
    return f"{message} {hint or ''}".strip()


def failure_text(step: ChatStep, catalog: Catalog, rephrase: str) -> str:
    """A failed planning step in the page's language: the tree's errors, else the error and its
    hint (``rephrase`` when it has none), as Markdown."""
    if step.issues:
        problems = [plain(issue_text(issue, catalog)) for issue in step.issues]
        return "\n\n".join([*problems, plain(rephrase)])
    message = _said(step.error_wording, catalog) or step.error or ""
    hint = _said(step.hint_wording, catalog) or step.hint or rephrase
    return f"{plain(message)}\n\n{plain(hint)}"


def issue_text(issue: Issue, catalog: Catalog | None = None) -> str:
    """An issue as the page's language says it: its message, then its hint."""
    message = _said(issue.wording, catalog) or issue.message
    hint = _said(issue.hint_wording, catalog) or issue.hint
    return f"{message} {hint or ''}".strip()


def show_issues(issues: Iterable[Issue], catalog: Catalog | None = None) -> None:
    """Each error among ``issues``, in the page's language."""
    for issue in issues:
        if issue.is_error:
            st.error(plain(issue_text(issue, catalog)), icon=":material/error:")


def _said(wording: Wording | None, catalog: Catalog | None) -> str | None:
    if wording is None:
        return None
    if RAW in wording.params:  # the line itself goes in the expander (``show_raw``)
        params = {**wording.params, RAW: words().errors.raw_below}
        wording = Wording(key=wording.key, params=params)
    return problem_text(wording, app_state().language, catalog)


def _message(error: Exception, catalog: Catalog | None) -> str:
    issues = [issue for issue in getattr(error, "issues", ()) if issue.is_error]
    if issues:
        return " ".join(issue_text(issue, catalog) for issue in issues)
    if isinstance(error, WordedError):
        return _said(error.wording, catalog) or error.message
    return str(error)


def _hint(error: Exception, catalog: Catalog | None) -> str | None:
    if getattr(error, "issues", ()):
        return None  # each issue carries its own hint
    if isinstance(error, WordedError):
        return _said(error.hint_wording, catalog)
    return getattr(error, "hint", None)


def _catalog() -> Catalog | None:
    """The catalog for labels; None when it is what failed to load (names stay as written)."""
    try:
        return resources.catalog()
    except ROOT_ERRORS:
        return None


def _next_step(error: Exception, said: ErrorsWords) -> str:
    if isinstance(error, DatabaseNotFoundError):
        return said.next_demo_data if load_settings().demo_in_use else said.next_database
    for root, advice in _NEXT_STEP.items():
        if isinstance(error, root):
            return str(getattr(said, advice))
    return said.next_other


@contextmanager
def guarded(action: str) -> Iterator[None]:
    """Run a block; a package error is shown (message + what to do) instead of raised.

    ``action``: what the block does, in the page's words (``words().actions``).
    """
    try:
        yield
    except ROOT_ERRORS as error:
        show_error(error, action)
