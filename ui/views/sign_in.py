"""Sign-in page: the configured workspace's users (its users file, or the demo workspace).

Passwords are never shown, except the documented demo ones in the demo workspace (a workspace
without its own users file).
"""

from __future__ import annotations

import streamlit as st

from audience.errors import NotSignedInError
from ui.components import session
from ui.components.errors import guarded
from ui.resources import workspace
from ui.state import app_state

DEMO_HELP = (
    "Demo workspace users: `marketer` / `marketer-demo`, `reviewer` / `reviewer-demo`, "
    "`admin` / `admin-demo`."
)

st.title("Perimeter")
st.caption("Natural-language audiences, validated, counted, approved by a second person, exported.")
with st.form("sign_in", clear_on_submit=False):
    name = st.text_input("User", key="sign_in_user")
    password = st.text_input("Password", type="password", key="sign_in_password")
    submitted = st.form_submit_button("Sign in", type="primary")
with guarded("load the workspace"):
    if workspace().demo:
        st.info(DEMO_HELP, icon=":material/key:")
    if submitted:
        try:
            session.start(app_state(), name, password)
        except NotSignedInError as error:
            st.error(error.message, icon=":material/lock:")
        else:
            st.rerun()
