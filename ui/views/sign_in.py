"""Sign-in page: the workspace's users and roles; the signed-in user is who the store sees."""

from __future__ import annotations

import streamlit as st

from audience.workflow import load_workspace
from ui.components.errors import guarded
from ui.state import SignedInUser, app_state

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
    workspace = load_workspace()
    if workspace.name == "demo":
        st.info(DEMO_HELP, icon=":material/key:")
    if submitted:
        user = workspace.authenticate(name.strip(), password)
        if user is None:
            st.error("Unknown user or wrong password. Check both and try again.")
        else:
            app_state().user = SignedInUser(
                name=user.name, role=user.role.value, label=user.display_name or user.name
            )
            st.rerun()
