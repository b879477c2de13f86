"""``perimeter … --json`` in one workspace, as a signed-in user when one is named."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from typer.testing import CliRunner

from ui.cli.main import app


class JsonCli:
    """Runs the CLI with ``--json`` in the workspace ``env`` describes; returns (exit code,
    parsed output). ``user=`` acts through a ``perimeter login`` token, signed in once with
    ``password_of(user)``; ``demo`` (when not None) is what each sign-in must say of the
    workspace's demo mode."""

    def __init__(
        self, env: Mapping[str, str], password_of: Callable[[str], str], demo: bool | None = None
    ) -> None:
        self.env = dict(env)
        self.password_of = password_of
        self.demo = demo
        self.runner = CliRunner()
        self.tokens: dict[str, str] = {}

    def __call__(self, *args: str, user: str | None = None, **env: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        extra = {"PERIMETER_TOKEN": self.token(user)} if user else {}
        result = self.runner.invoke(app, [*args, "--json"], env={**self.env, **extra, **env})
        return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}

    def login(self, user: str, password: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        return self("login", "--user", user, PERIMETER_PASSWORD=password)

    def token(self, user: str) -> str:
        if user not in self.tokens:
            code, out = self.login(user, self.password_of(user))
            assert code == 0, out
            if self.demo is not None:
                assert (out.get("user"), out.get("demo_workspace")) == (user, self.demo), out
            self.tokens[user] = Path(out["token_file"]).read_text()
        return self.tokens[user]
