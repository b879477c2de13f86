"""Read a YAML file into plain data while remembering the line of every key and list item.

PyYAML's ``safe_load`` forgets where values came from. Here the file is *composed* into nodes
(which carry marks), values are constructed node by node with the safe constructor, and each
path (``("columns", 2, "type")``) records its 1-based line. Duplicate keys, which PyYAML silently
overwrites, are errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

YamlPath = tuple[str | int, ...]


class YamlFileError(ValueError):
    """A YAML file cannot be read or parsed; ``file`` and ``line`` (when known) say where."""

    def __init__(
        self, message: str, *, file: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}" + (f" {hint}" if hint else ""))
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint


@dataclass(frozen=True)
class LinedYaml:
    """A parsed YAML file: its data and the line of each key or list item."""

    file: Path
    data: object
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[object]) -> int:
        """Line of the deepest part of ``path`` present in the file (1 when nothing matches).

        Elements the file does not have (pydantic's union tags, a missing field) are skipped, so
        a missing key points at its parent mapping and an unknown key at itself.

        >>> doc = load_yaml_text("a:\\n  b: 1\\n  c: [x, y]\\n", Path("t.yml"))
        >>> doc.line_of(("a", "c", 1)), doc.line_of(("a", "missing")), doc.line_of(("zzz",))
        (3, 1, 1)
        """
        found: YamlPath = ()
        for element in path:
            if not isinstance(element, str | int):
                continue
            candidate = (*found, element)
            if candidate in self.lines:
                found = candidate
        return self.lines.get(found, 1)


class WordsLoader(yaml.SafeLoader):
    """YAML where 'no', 'on', 'yes' and 'off' stay words (they are words of a language); only
    ``true`` and ``false`` are booleans."""


WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def load_yaml_file(file: Path, *, words: bool = False) -> LinedYaml:
    """Read and parse ``file``; ``words=True`` reads yes/no/on/off as words (``WordsLoader``).

    Raises:
        YamlFileError: unreadable file, YAML syntax error or duplicate key (with its line).
    """
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise YamlFileError(f"Cannot read the file: {error}.", file=str(file)) from error
    return load_yaml_text(text, file, words=words)


def load_yaml_text(text: str, file: Path, *, words: bool = False) -> LinedYaml:
    """Parse YAML ``text`` that came from ``file`` (used in messages)."""
    loader = WordsLoader(text) if words else yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[YamlPath, int] = {}
        data = None if node is None else _construct(loader, node, (), lines, file)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"YAML syntax error: {problem}.", file=str(file), line=line) from error
    except yaml.YAMLError as error:
        raise YamlFileError(f"YAML error: {error}.", file=str(file)) from error
    finally:
        loader.dispose()
    return LinedYaml(file=file, data=data, lines=lines)


def dotted_path(path: Sequence[object]) -> str:
    """A YAML path as people write it.

    >>> dotted_path(("columns", 2, "type"))
    'columns[2].type'
    """
    text = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    return text.lstrip(".")


def _construct(
    loader: yaml.SafeLoader, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], file: Path
) -> object:
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, path, lines, file)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_construct(loader, item, (*path, index), lines, file))
        return items
    return loader.construct_object(node, deep=True)


def _construct_mapping(
    loader: yaml.SafeLoader,
    node: yaml.MappingNode,
    path: YamlPath,
    lines: dict[YamlPath, int],
    file: Path,
) -> dict[object, object]:
    loader.flatten_mapping(node)  # resolves `<<` merge keys the way safe_load does
    mapping: dict[object, object] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise YamlFileError(
                f"Duplicate key {key!r}.", file=str(file), line=line, hint="Keep one of them."
            )
        child = (*path, key) if isinstance(key, str | int) else path
        lines[child] = line
        mapping[key] = _construct(loader, value_node, child, lines, file)
    return mapping
