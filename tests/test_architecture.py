"""Architecture rules the whole codebase keeps: one-way imports, one reader of the environment."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "lined_yaml",
    "languages",
    "settings",
    "schema_catalog",
    "audience",
    "assistant",
    "ui",
    "evals",
)
# tiktoken is configured through its own environment variable; assistant/tokens.py sets it.
ENVIRONMENT_READERS = {"settings/settings.py", "assistant/tokens.py"}


def test_import_layers_contract_holds() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _environment_reads(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"environ", "getenv"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
    return lines


def test_only_settings_reads_the_environment() -> None:
    offenders = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ENVIRONMENT_READERS:
                continue
            if lines := _environment_reads(path):
                offenders[relative] = lines
    assert offenders == {}
