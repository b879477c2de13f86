"""Load a catalog from a folder of YAML files; every error names the file and the line.

Folder layout (dbt-semantic-model style, one file per entity)::

    catalog.yml          name, as_of, profile, channels, suppression, policy
    sources.yml          sources: [...]
    tables/<table>.yml   one table each
    indicators/<ind>.yml one indicator each (optional folder)

The files are assembled into one document, validated by the pydantic model, and every validation
error is mapped back to the file and line it came from.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from lined_yaml import LinedYaml, YamlFileError, YamlPath, dotted_path, load_yaml_file
from schema_catalog.errors import CatalogLoadError
from schema_catalog.issues import closest_hint
from schema_catalog.model import Catalog

DEMO_CATALOG_DIR = Path(__file__).parent / "demo"

_SPLIT_KEYS = {"sources": "sources.yml", "tables": "tables/", "indicators": "indicators/"}


@dataclass(frozen=True)
class _Part:
    """One file's share of the assembled document: ``prefix`` there is ``inner`` in the file."""

    prefix: YamlPath
    doc: LinedYaml
    inner: YamlPath = ()


@dataclass(frozen=True)
class _Bundle:
    data: dict[str, object]
    parts: tuple[_Part, ...]
    root: Path


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load ``catalog.yml``, ``sources.yml``, ``tables/*.yml`` and ``indicators/*.yml``.

    Args:
        directory: The catalog folder; None loads the bundled demo catalog.

    Raises:
        CatalogLoadError: a file is missing or unreadable, has a YAML syntax error, or does not
            match the model. ``file`` and ``line`` say where; an unknown key comes with a
            did-you-mean hint.
    """
    bundle = _read_folder(directory or DEMO_CATALOG_DIR)
    try:
        return Catalog.model_validate(bundle.data)
    except ValidationError as error:
        raise _translate(error, bundle) from None


def _read_folder(root: Path) -> _Bundle:
    if not root.is_dir():
        raise CatalogLoadError("The catalog folder does not exist.", file=str(root))
    top, top_data = _read_mapping(_required(root / "catalog.yml"))
    for key, home in _SPLIT_KEYS.items():
        if key in top_data:
            raise CatalogLoadError(
                f"Key {key!r} does not belong in catalog.yml.",
                file=str(top.file),
                line=top.line_of((key,)),
                hint=f"Move it to {home}.",
            )
    sources, sources_data = _read_mapping(_required(root / "sources.yml"))
    tables = [_read_mapping(file) for file in _yaml_files(root / "tables", True)]
    indicators = [_read_mapping(file) for file in _yaml_files(root / "indicators", False)]
    data = {
        **top_data,
        "sources": sources_data.get("sources"),
        "tables": [table_data for _, table_data in tables],
        "indicators": [indicator_data for _, indicator_data in indicators],
    }
    parts = [_Part((), top), _Part(("sources",), sources, ("sources",))]
    parts += [_Part(("tables", index), doc) for index, (doc, _) in enumerate(tables)]
    parts += [_Part(("indicators", index), doc) for index, (doc, _) in enumerate(indicators)]
    return _Bundle(data=data, parts=tuple(parts), root=root)


def _required(file: Path) -> Path:
    if not file.is_file():
        raise CatalogLoadError(
            "Required catalog file is missing.",
            file=str(file),
            hint="A catalog folder holds catalog.yml, sources.yml and tables/*.yml.",
        )
    return file


def _yaml_files(folder: Path, required: bool) -> list[Path]:
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    if required and not files:
        raise CatalogLoadError(
            "No table files found.", file=str(folder), hint="Add one <table>.yml per table."
        )
    return files


def _read_mapping(file: Path) -> tuple[LinedYaml, dict[str, object]]:
    try:
        doc = load_yaml_file(file)
    except YamlFileError as error:
        raise CatalogLoadError(
            error.message, file=error.file, line=error.line, hint=error.hint
        ) from error
    if not isinstance(doc.data, dict):
        raise CatalogLoadError(
            f"Expected a mapping of keys to values, got {type(doc.data).__name__}.",
            file=str(file),
            line=1,
        )
    return doc, {str(key): value for key, value in doc.data.items()}


def _translate(error: ValidationError, bundle: _Bundle) -> CatalogLoadError:
    located = [_locate(detail, bundle) for detail in error.errors()]
    file, line, message, hint = located[0]
    more = tuple(f"{f}:{ln}: {msg}" + (f" {h}" if h else "") for f, ln, msg, h in located[1:])
    return CatalogLoadError(message, file=file, line=line, hint=hint, more=more)


def _locate(detail: ErrorDetails, bundle: _Bundle) -> tuple[str, int | None, str, str | None]:
    loc = tuple(detail["loc"])
    for part in sorted(bundle.parts, key=lambda p: len(p.prefix), reverse=True):
        if loc[: len(part.prefix)] == part.prefix:
            inner = part.inner + loc[len(part.prefix) :]
            where = dotted_path(inner) or "(top level)"
            message, hint = _describe(detail, loc)
            return str(part.doc.file), part.doc.line_of(inner), f"{where}: {message}", hint
    folder = bundle.root / str(loc[0]) if loc else bundle.root
    return str(folder), None, _describe(detail, loc)[0], None


def _describe(detail: ErrorDetails, loc: tuple[str | int, ...]) -> tuple[str, str | None]:
    if detail["type"] == "missing" and loc:
        return f"Missing required key {loc[-1]!r}.", None
    if detail["type"] != "extra_forbidden":
        return f"{detail['msg']} (got {_short(detail.get('input'))}).", None
    key = str(loc[-1])
    known = sorted(_model_fields(loc[:-1]))
    hint = closest_hint(key, known) or f"Known keys: {', '.join(known)}."
    return f"Unknown key {key!r}.", hint


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _model_fields(loc: tuple[str | int, ...]) -> set[str]:
    """Field names of the model found at ``loc`` (walking the annotations from ``Catalog``)."""
    model: type[BaseModel] = Catalog
    for step in loc:
        field = model.model_fields.get(str(step)) if isinstance(step, str) else None
        if field is None:
            continue
        nested = next(_models_in(field.annotation), None)
        if nested is None:
            return set()
        model = nested
    return set(model.model_fields)


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _models_in(argument)
