"""Errors at the page boundary: the message and what to do, never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from assistant import AssistantError
from audience.errors import AudienceError, DatabaseNotFoundError
from schema_catalog import CatalogError
from settings import load_settings
from ui.components.app_words import ErrorsWords, words
from ui.components.text import plain

ROOT_ERRORS: tuple[type[Exception], ...] = (CatalogError, AudienceError, AssistantError)
"""The packages' root errors: everything they raise on purpose derives from one of these."""

_NEXT_STEP: dict[type[Exception], str] = {
    CatalogError: "next_catalog",
    AudienceError: "next_audience",
    AssistantError: "next_assistant",
}
"""What to do next after each root error: a key of the ``errors`` words."""


def show_error(error: Exception, action: str = "") -> None:
    """Render a package error: what failed, the message (with its hint), and what to do next.

    ``action``: what could not be done, in the page's words (``words().actions``).
    """
    said = words().errors
    title = said.could_not.format(action=action) if action else said.went_wrong
    hint = getattr(error, "hint", None)
    message = str(error)
    lines = [f"**{plain(title)}** {plain(message)}"]
    if hint and hint not in message:
        lines.append(plain(hint))
    lines.append(_next_step(error, said))
    st.error("\n\n".join(lines), icon=":material/error:")


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
