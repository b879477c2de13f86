"""Workspace: users and roles, scrypt-hashed passwords, policy overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from audience.errors import PermissionDeniedError, WorkspaceError
from audience.workflow.workspace import (
    DEMO_WORKSPACE_FILE,
    Role,
    hash_password,
    load_workspace,
    verify_password,
)
from schema_catalog import GuardrailPolicy


def test_demo_workspace_has_one_user_per_role_named_after_it() -> None:
    workspace = load_workspace()
    assert {(u.name, u.role) for u in workspace.users} == {
        ("marketer", Role.MARKETER),
        ("reviewer", Role.REVIEWER),
        ("admin", Role.ADMIN),
    }


@pytest.mark.parametrize("name", ["marketer", "reviewer", "admin"])
def test_demo_passwords_authenticate(name: str) -> None:
    workspace = load_workspace()
    user = workspace.authenticate(name, f"{name}-demo")
    assert user is not None
    assert user.name == name
    assert workspace.authenticate(name, f"{name}-wrong") is None


def test_unknown_user_does_not_authenticate() -> None:
    assert load_workspace().authenticate("mallory", "marketer-demo") is None


def test_passwords_are_stored_as_salted_scrypt_hashes() -> None:
    for user in load_workspace().users:
        assert user.password is not None
        assert user.password.startswith("scrypt$16384$8$1$")
        assert f"{user.name}-demo" not in user.password
    assert hash_password("same", n=2**4) != hash_password("same", n=2**4)


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$2$3$aa$bb", "scrypt$x$8$1$aa$bb"])
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert verify_password("anything", stored) is False


def test_user_lookup_raises_for_unknown_names() -> None:
    workspace = load_workspace()
    assert workspace.user("reviewer").can_review
    assert not workspace.user("marketer").can_review
    with pytest.raises(PermissionDeniedError):
        workspace.user("mallory")


def test_policy_overrides_apply_over_the_catalog_policy(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yml"
    path.write_text(
        "name: team\nusers:\n  - {name: ann, role: admin}\npolicy:\n"
        "  max_audience_size: 40\n  drift_tolerance: 0.05\n"
    )
    workspace = load_workspace(path)
    policy = workspace.effective_policy(GuardrailPolicy(max_audience_size=100, hard_ceiling=500))
    assert (policy.max_audience_size, policy.drift_tolerance, policy.hard_ceiling) == (
        40,
        0.05,
        500,
    )
    assert workspace.authenticate("ann", "") is None


@pytest.mark.parametrize(
    "text",
    [
        "users: [{name: ann, role: boss}]",
        "users: [{name: ann, role: admin, colour: red}]",
        "users: [{name: ann, role: admin}, {name: ann, role: marketer}]",
        "users: [unterminated",
    ],
)
def test_bad_workspace_files_raise_workspace_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "workspace.yml"
    path.write_text(text)
    with pytest.raises(WorkspaceError):
        load_workspace(path)


def test_missing_workspace_file_raises(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError):
        load_workspace(tmp_path / "nope.yml")


def test_demo_workspace_file_is_bundled() -> None:
    assert DEMO_WORKSPACE_FILE.is_file()
