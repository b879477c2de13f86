"""Every ``perimeter …`` command the README and the docs show names commands and options the CLI
has (a removed ``--user`` flag left in a tutorial is caught here, not by a new user).

Usage lines use the README's notation: ``a|b`` alternatives, ``[--opt X]`` optional parts and
`` | `` between two commands of the same group (``perimeter audit verify | checkpoint``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer._click.core import Command  # typer's own click: TyperGroup is no click.Group
from typer.core import TyperGroup

from ui.cli.main import app

ROOT = Path(__file__).resolve().parents[3]
DOCS = [ROOT / "README.md", ROOT / "evals" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ROOT_COMMAND = typer.main.get_command(app)
assert isinstance(ROOT_COMMAND, TyperGroup)
OPTION = re.compile(r"(--[a-z][a-z0-9-]*)")


def documented() -> list[tuple[str, str]]:
    """(document, command line) for code lines, fenced or indented, and inline code spans."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        spans = re.findall(r"`(perimeter [^`]+)`", text)
        lines = re.findall(r"^(?: {4}|\$ )?(perimeter .+)$", text, flags=re.MULTILINE)
        found += [(doc.name, " ".join(c.split())) for c in [*spans, *lines]]
    return sorted(set(found))


def commands(line: str) -> list[tuple[Command, list[str]]]:
    """The commands a usage line names, each with the options written for it."""
    first, *rest = re.sub(r'"[^"]*"', "", line.split(" #")[0]).split(" | ")
    found: list[tuple[Command, list[str]]] = []
    group = _walk(first.split()[1:], ROOT_COMMAND, found)
    for part in rest:
        if re.match(r"[a-z]", part):  # `… | other …`: another command of the same group
            _walk(part.split(), group, found)
        else:  # `(--a X | --b Y)`: more options of the same command
            found[-1][1].extend(OPTION.findall(part))
    return found


def _walk(words: list[str], group: Command, found: list[tuple[Command, list[str]]]) -> Command:
    """Follow ``words`` down from ``group``; add the command(s) reached and their options to
    ``found``; return the group the last command belongs to."""
    parent, chosen, rest = group, [group], words
    for index, word in enumerate(words):
        current, names = chosen[0], word.split("|")
        if not (isinstance(current, TyperGroup) and all(n in current.commands for n in names)):
            break
        parent, chosen, rest = current, [current.commands[n] for n in names], words[index + 1 :]
    found += [(command, OPTION.findall(" ".join(rest))) for command in chosen]
    return parent


def options_of(command: Command) -> set[str]:
    return {name for param in command.params for name in [*param.opts, *param.secondary_opts]}


@pytest.mark.parametrize(("doc", "line"), documented())
def test_documented_commands_exist_with_their_options(doc: str, line: str) -> None:
    for command, options in commands(line):
        assert command is not ROOT_COMMAND, f"{doc}: {line!r} names no command"
        if isinstance(command, TyperGroup):
            assert command.invoke_without_command, f"{doc}: {line!r} names no subcommand"
        unknown = sorted(set(options) - options_of(command) - {"--help"})
        assert unknown == [], f"{doc}: {line!r}: {command.name} has no {unknown}"


def test_the_check_catches_a_removed_option() -> None:
    (command, options), *_ = commands("perimeter audience submit 3 --user marketer")
    assert (command.name, set(options) - options_of(command)) == ("submit", {"--user"})
    ((group, _),) = commands("perimeter audience frobnicate 3")
    assert isinstance(group, TyperGroup) and not group.invoke_without_command
