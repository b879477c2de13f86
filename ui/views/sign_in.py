"""Sign-in page: the configured workspace's users (its users file, or the demo workspace).

Passwords are never shown, except the documented demo ones in the demo workspace (a workspace
without its own users file).
"""

from __future__ import annotations

import streamlit as st

from audience.errors import NotSignedInError
from ui.components import session
from ui.components.app_words import use_language
from ui.components.errors import guarded
from ui.resources import workspace
from ui.state import app_state

said = use_language(None)
st.title("Perimeter")
st.caption(said.sign_in.tagline)
with st.form("sign_in", clear_on_submit=False):
    name = st.text_input(said.sign_in.user, key="sign_in_user")
    password = st.text_input(said.sign_in.password, type="password", key="sign_in_password")
    submitted = st.form_submit_button(said.sign_in.submit, type="primary")
with guarded(said.actions.workspace):
    if workspace().demo:
        st.info(said.sign_in.demo_users, icon=":material/key:")
    if submitted:
        try:
            session.start(app_state(), name, password)
        except NotSignedInError as error:
            st.error(error.message, icon=":material/lock:")
        else:
            st.rerun()
