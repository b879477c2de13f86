"""Perimeter's Streamlit app: the entry point ``streamlit run ui/app.py`` (``perimeter ui``).

Signed out, the only page is the sign-in. Signed in, the pages follow the role: marketers build,
reviewers review, everyone reads the library, the catalog and the eval report. The session is
checked on every run (``ui.components.session``) and survives a refresh through its URL token.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The app's own packages first: a folder named ``ui`` (or ``audience``…) in the directory the
# server was started from must never shadow them.
_ROOT = str(Path(__file__).resolve().parents[1])
if sys.path[:1] != [_ROOT]:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from ui import resources  # noqa: E402
from ui.components import session  # noqa: E402
from ui.components.app_words import AppPhrases, use_language, words  # noqa: E402
from ui.components.errors import guarded  # noqa: E402
from ui.components.text import plain  # noqa: E402
from ui.state import AppState, Role, app_state  # noqa: E402

# Not "pages/": a folder of that name next to the entry script switches Streamlit to its legacy
# multipage mode, which runs page files directly and bypasses this navigation (and the sign-in).
PAGES = Path(__file__).parent / "views"

_BUILD = ("build.py", "build", ":material/forum:")
_REVIEW = ("review.py", "review", ":material/fact_check:")
_AUDIENCES = ("audiences.py", "audiences", ":material/groups:")
_CATALOG = ("catalog.py", "catalog", ":material/menu_book:")
_EVALS = ("evals.py", "evals", ":material/monitoring:")

# Each role's pages: (file, URL path and key of its name in the ``pages`` words, icon). Comments,
# not docstrings: Streamlit's "magic" would draw a bare string of the entry script on the page.
PAGES_BY_ROLE: dict[Role, tuple[tuple[str, str, str], ...]] = {
    "marketer": (_BUILD, _AUDIENCES, _CATALOG, _EVALS),
    "reviewer": (_REVIEW, _AUDIENCES, _CATALOG, _EVALS),
    "admin": (_BUILD, _REVIEW, _AUDIENCES, _CATALOG, _EVALS),
}


def _pages(state: AppState, said: AppPhrases) -> list[st.Page]:
    if state.user is None:
        return [st.Page(PAGES / "sign_in.py", title=said.pages.sign_in, icon=":material/login:")]
    return [
        st.Page(PAGES / file, title=getattr(said.pages, name), icon=icon, url_path=name)
        for file, name, icon in PAGES_BY_ROLE[state.user.role]
    ]


def _sidebar(slot: DeltaGenerator, state: AppState, said: AppPhrases, pages: list[st.Page]) -> None:
    """The navigation, who is signed in, the language picker and sign-out, into ``slot``."""
    if state.user is None:
        return
    with slot:
        names = [name for _, name, _ in PAGES_BY_ROLE[state.user.role]]
        for page, name in zip(pages, names, strict=True):
            st.page_link(page, label=getattr(said.pages, name), icon=page.icon)
        st.divider()
        role = getattr(said.roles, state.user.role)
        st.caption(said.sidebar.signed_in_as.format(name=plain(state.user.name), role=role))
        session.language_picker(state, said)
        if st.button(said.sidebar.sign_out, key="sign_out", icon=":material/logout:"):
            session.end(state)
            st.rerun()


def main() -> None:
    """Set up the page, pick the pages for the signed-in role and run the chosen one.

    The navigation and the sidebar are drawn after the page, in the language the page ended up
    speaking (a French request just answered turns the whole screen French), into a slot made
    before it so that they stay at the top of the sidebar: one run, not a second one to redraw
    the chrome.
    """
    st.set_page_config(page_title="Perimeter", page_icon=":material/target:", layout="wide")
    resources.warm_up_libraries()
    state = app_state()
    with guarded(words().actions.sign_in):
        session.restore(state)
    session.restore_language(state)
    pages = _pages(state, use_language(None))
    page = st.navigation(pages, position="hidden")
    slot = st.sidebar.container() if state.user is not None else None
    page.run()
    if slot is not None:
        _sidebar(slot, state, words(), pages)


main()
