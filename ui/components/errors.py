"""Errors at the page boundary: the message and what to do, never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from assistant import AssistantError
from audience.errors import AudienceError, DatabaseNotFoundError
from schema_catalog import CatalogError
from settings import load_settings
from ui.components.text import plain

ROOT_ERRORS: tuple[type[Exception], ...] = (CatalogError, AudienceError, AssistantError)
"""The packages' root errors: everything they raise on purpose derives from one of these."""

_NEXT_STEP = {
    CatalogError: "Check the catalog and the database (`perimeter catalog check`).",
    AudienceError: "Adjust the audience or its conditions and try again.",
    AssistantError: "Rephrase the request, or edit the conditions by hand.",
}


def show_error(error: Exception, action: str = "") -> None:
    """Render a package error: what failed, the message (with its hint), and what to do next."""
    title = f"Could not {action}." if action else "Something went wrong."
    hint = getattr(error, "hint", None)
    message = str(error)
    lines = [f"**{title}** {plain(message)}"]
    if hint and hint not in message:
        lines.append(plain(hint))
    lines.append(_next_step(error))
    st.error("\n\n".join(lines), icon=":material/error:")


def _next_step(error: Exception) -> str:
    if isinstance(error, DatabaseNotFoundError):
        if load_settings().demo_in_use:
            return "Generate the demo data with `perimeter demo-data` (`perimeter ui` does it)."
        return "Point PERIMETER_DATABASE at your DuckDB file and restart the app."
    for root, advice in _NEXT_STEP.items():
        if isinstance(error, root):
            return advice
    return "Try again; if it persists, tell the data team."


@contextmanager
def guarded(action: str) -> Iterator[None]:
    """Run a block; a package error is shown (message + what to do) instead of raised."""
    try:
        yield
    except ROOT_ERRORS as error:
        show_error(error, action)
