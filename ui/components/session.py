"""Browser sessions: sign-in against the workspace, a token that survives a refresh, deep links.

Signing in issues a ``ui`` token (``audience.workflow.identity``): random, expiring, stored
hashed. It is kept in this session's state and in the URL's ``session`` query parameter, so a
refresh or a bookmark of ``/review?session=…&audience=12`` opens the same page for the same
person. Every run checks the token against the store and the users file again: a revoked
(signed-out), expired token, or one whose user left or changed role, signs the session out.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from audience.errors import NotSignedInError
from audience.workflow import Session, User, resume, sign_in, sign_out
from languages import available_languages, language_name
from ui.components.app_words import AppPhrases
from ui.resources import settings, store, workspace
from ui.state import AppState, SignedInUser

SESSION_PARAM = "session"
AUDIENCE_PARAM = "audience"
LANGUAGE_PARAM = "lang"
LANGUAGE_KEY = "ui_language"
AUTOMATIC = "auto"
"""The language picker's first option: follow the request."""


def _signed_in(user: User) -> SignedInUser:
    return SignedInUser(name=user.name, role=user.role.value, label=user.display_name or user.name)


def start(state: AppState, name: str, password: str) -> Session:
    """Check the password and sign this browser session in.

    Raises:
        NotSignedInError: wrong password or unknown user (``SignInLockedError`` when paused).
    """
    ttl = timedelta(hours=settings().token_ttl_hours)
    session = sign_in(store(), workspace(), name, password, kind="ui", ttl=ttl)
    state.user, state.session_token = _signed_in(session.user), session.token
    st.query_params[SESSION_PARAM] = session.token
    return session


def restore(state: AppState) -> None:
    """Resume the session from this session's state or the URL; sign out if it is not valid."""
    token = state.session_token or st.query_params.get(SESSION_PARAM)
    if not token:
        state.sign_out()
        return
    try:
        user = resume(store(), workspace(), token, kind="ui")
    except NotSignedInError:
        state.sign_out()
        st.query_params.pop(SESSION_PARAM, None)
        return
    state.user, state.session_token = _signed_in(user), token
    if st.query_params.get(SESSION_PARAM) != token:  # navigation drops query parameters
        st.query_params[SESSION_PARAM] = token


def end(state: AppState) -> None:
    """Sign out: revoke the token, drop it from the URL, forget everything of the session."""
    if state.session_token:
        sign_out(store(), state.session_token)
    state.sign_out()
    st.query_params.clear()


def linked_audience() -> int | None:
    """The audience id of a deep link (``?audience=12``), or None."""
    value = st.query_params.get(AUDIENCE_PARAM, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def link_audience(audience_id: int) -> None:
    """Put the open audience in the URL, so a refresh or a shared link opens it again."""
    if st.query_params.get(AUDIENCE_PARAM) != str(audience_id):
        st.query_params[AUDIENCE_PARAM] = str(audience_id)


def restore_language(state: AppState) -> None:
    """The user's language pick: the sidebar's, else the URL's (``?lang=fr``, so a refresh or a
    shared link keeps it); none (follow the request) when neither names a language with a pack."""
    picked = st.session_state.get(LANGUAGE_KEY, st.query_params.get(LANGUAGE_PARAM))
    state.language_choice = picked if picked in available_languages() else None
    if state.language_choice is None:
        st.query_params.pop(LANGUAGE_PARAM, None)
    elif st.query_params.get(LANGUAGE_PARAM) != state.language_choice:
        st.query_params[LANGUAGE_PARAM] = state.language_choice


def language_picker(state: AppState, said: AppPhrases) -> None:
    """The sidebar's language choice: automatic (the request's) or one language per pack.

    The options read the same in every language ('Auto', each language by its own name): the
    browser keeps a picker's shown option as text, so a translated one would stay in the old
    language when the page changes language.
    """
    st.session_state.setdefault(LANGUAGE_KEY, state.language_choice or AUTOMATIC)
    options = [AUTOMATIC, *available_languages()]
    st.selectbox(
        said.sidebar.language, options, key=LANGUAGE_KEY, help=said.sidebar.auto,
        format_func=lambda code: "Auto" if code == AUTOMATIC else language_name(code),
    )  # fmt: skip
