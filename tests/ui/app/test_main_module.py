"""A process started after an AppTest runs its own target, not the AppTest's script
(``tests/support/main_module.py``: the cause of the concurrency tests' ``NameError: '__args'``)."""

from __future__ import annotations

import multiprocessing

from streamlit.testing.v1 import AppTest

from tests.support.main_module import main_module_kept


def _page() -> None:
    import streamlit as st

    st.write("a page")


def _child() -> None:
    """What the started process runs: nothing, so its exit code is 0 unless start-up failed."""


def _child_exit_code() -> int | None:
    child = multiprocessing.get_context("forkserver").Process(target=_child)
    child.start()
    child.join(timeout=120)
    return child.exitcode


def test_a_process_started_after_an_apptest_runs_its_own_target() -> None:
    with main_module_kept():
        AppTest.from_function(_page).run()
        # Streamlit left the script as __main__: a child re-runs it and dies on '__args'.
        assert _child_exit_code() == 1
    assert _child_exit_code() == 0
