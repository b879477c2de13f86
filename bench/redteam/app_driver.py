"""Driving the real app in-process with Streamlit's AppTest, by labels a person would read."""

from __future__ import annotations

from collections.abc import Mapping

from streamlit.testing.v1 import AppTest

from bench.redteam.lab import APP

TIMEOUT = 120


def start(query: Mapping[str, str] | None = None) -> AppTest:
    """A fresh browser session (optionally opened on a URL with these query parameters)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    """Fill the sign-in form by its labels and press 'Sign in'."""
    [name] = [t for t in at.text_input if t.label == "User"]
    [secret] = [t for t in at.text_input if t.label == "Password"]
    name.input(user)
    secret.input(password)
    [button] = [b for b in at.button if b.label == "Sign in"]
    return button.click().run()


def texts(at: AppTest) -> str:
    """Every text element's source on the page (markdown sources, captions, alerts, titles)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "success", "info", "title",
                 "header", "subheader", "text", "code", "latex", "exception"):  # fmt: skip
        parts += [str(getattr(element, "value", "")) for element in getattr(at, kind, [])]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(parts)


def signed_in(at: AppTest) -> bool:
    """True if the page shows a signed-in session (a 'Sign out' control and no sign-in form)."""
    has_form = any(t.label == "Password" for t in at.text_input)
    return not has_form and any(b.label == "Sign out" for b in at.button)


def query(at: AppTest) -> dict[str, str]:
    """The URL query parameters the app has set (what a refresh or a bookmark would keep)."""
    return {key: str(at.query_params[key]) for key in at.query_params}
