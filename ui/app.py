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

from ui import resources  # noqa: E402
from ui.components import session  # noqa: E402
from ui.components.errors import guarded  # noqa: E402
from ui.components.text import plain  # noqa: E402
from ui.state import AppState, Role, app_state  # noqa: E402

# Not "pages/": a folder of that name next to the entry script switches Streamlit to its legacy
# multipage mode, which runs page files directly and bypasses this navigation (and the sign-in).
PAGES = Path(__file__).parent / "views"

_BUILD = ("build.py", "Build", ":material/forum:", "build")
_REVIEW = ("review.py", "Review", ":material/fact_check:", "review")
_AUDIENCES = ("audiences.py", "Audiences", ":material/groups:", "audiences")
_CATALOG = ("catalog.py", "Catalog", ":material/menu_book:", "catalog")
_EVALS = ("evals.py", "Evals", ":material/monitoring:", "evals")

PAGES_BY_ROLE: dict[Role, tuple[tuple[str, str, str, str], ...]] = {
    "marketer": (_BUILD, _AUDIENCES, _CATALOG, _EVALS),
    "reviewer": (_REVIEW, _AUDIENCES, _CATALOG, _EVALS),
    "admin": (_BUILD, _REVIEW, _AUDIENCES, _CATALOG, _EVALS),
}


def _pages(state: AppState) -> list[st.Page]:
    if state.user is None:
        return [st.Page(PAGES / "sign_in.py", title="Sign in", icon=":material/login:")]
    return [
        st.Page(PAGES / file, title=title, icon=icon, url_path=url)
        for file, title, icon, url in PAGES_BY_ROLE[state.user.role]
    ]


def _sidebar(state: AppState) -> None:
    if state.user is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{plain(state.user.name)}** ({state.user.role})")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            session.end(state)
            st.rerun()


def main() -> None:
    """Set up the page, pick the pages for the signed-in role and run the chosen one."""
    st.set_page_config(page_title="Perimeter", page_icon=":material/target:", layout="wide")
    resources.warm_up_libraries()
    state = app_state()
    with guarded("check your sign-in"):
        session.restore(state)
    page = st.navigation(_pages(state))
    _sidebar(state)
    page.run()


main()
