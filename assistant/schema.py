"""The model's answer: one pydantic envelope, one JSON schema, and the way back to contract types.

The schema is generated from the pydantic models (the rule tree's own field docs become its
descriptions), then put through an ordered tuple of transforms so that it holds in OpenAI's strict
structured outputs *and* on servers that take ``{"type": "json_object", "schema": ...}`` (llama.cpp,
Ollama, vLLM): ``oneOf`` becomes ``anyOf``; every object closes (``additionalProperties: false``)
and lists all its properties as required; defaults, titles and discriminators go; the recursive
group is unrolled to a fixed depth; and, given a catalog, names are narrowed to catalog enums so
a constrained decoder cannot even spell a field the catalog does not have.

The answer is re-validated by pydantic into the real domain types (``RuleTree`` etc.), so the
schema is a guide for the model, never the last line of defence.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.contract import (
    Clarification,
    ClarificationOption,
    CoverageItem,
    Proposal,
    Refusal,
    Usage,
)
from audience.rules import RuleTree
from audience.validate import rankable_fields
from schema_catalog import Catalog, IndicatorType, Issue

JsonSchema = dict[str, object]

GROUP_DEPTH = 2
"""Groups nested under the root group that the schema allows: 'a and (b or (c and d))'."""
_MAX_ENUM_VALUES = 500
"""Narrow names to enums only below this many values (OpenAI allows 1,000 in a schema)."""
_DROPPED_KEYWORDS = ("title", "default", "discriminator", "examples")
_RULE_KINDS = frozenset({"attribute", "behavior", "indicator", "segment", "reachable", "group"})


class PlanOutput(BaseModel):
    """What the model answers: a proposal, a clarifying question or a refusal."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    status: Literal["proposal", "clarification", "refusal"]
    """'proposal' with rules; 'clarification' with question and options; 'refusal' with reason."""
    explanation: str = ""
    """Plain-language summary of the audience (or the question / refusal), one or two sentences."""
    rules: RuleTree | None = None
    """The rule tree for a proposal; null otherwise."""
    coverage: list[CoverageItem] = Field(default_factory=list)
    """One entry per constraint phrase of the request, with the path of the rule it became."""
    assumptions: list[str] = Field(default_factory=list)
    """Choices made where the request was vague, e.g. 'in store = orders.channel store'."""
    changes: list[str] = Field(default_factory=list)
    """For a refinement: what changed compared with the current audience."""
    question: str | None = None
    """For a clarification: the question to ask."""
    term: str | None = None
    """For a clarification: the ambiguous words of the request, e.g. 'active'."""
    options: list[ClarificationOption] | None = None
    """For a clarification: 2 to 4 concrete choices drawn from the catalog."""
    reason: str | None = None
    """For a refusal: why the request cannot be served."""
    category: Literal["out_of_scope", "unsafe"] | None = None
    """For a refusal: 'out_of_scope' or 'unsafe'."""


# --- schema generation ---------------------------------------------------------------------


def output_schema(catalog: Catalog | None = None, *, group_depth: int = GROUP_DEPTH) -> JsonSchema:
    """The JSON schema of :class:`PlanOutput`, in OpenAI strict form.

    Args:
        catalog: narrow fields, events, indicators and measures to this catalog's names.
        group_depth: how many levels of groups may nest under the root group.

    Returns:
        A fresh dict (callers may mutate it).
    """
    schema: JsonSchema = PlanOutput.model_json_schema()
    passes: tuple[Callable[[JsonSchema], None], ...] = (
        partial(_drop_union_members, names=("SegmentRef",)),
        _strictify,
        partial(_narrow_to_catalog, catalog=catalog),
        partial(_unroll_recursion, name="Group", depth=group_depth),
        _inline_annotated_refs,
        _prune_unused_defs,
    )
    for transform in passes:
        transform(schema)
    return schema


def response_format(schema: JsonSchema, mode: Literal["json_schema", "json_object"]) -> JsonSchema:
    """The ``response_format`` request field for the chosen mode.

    >>> response_format({"type": "object"}, "json_object")["type"]
    'json_object'
    """
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return {
        "type": "json_schema",
        "json_schema": {"name": "audience_plan", "strict": True, "schema": schema},
    }


def _defs(schema: JsonSchema) -> dict[str, JsonSchema]:
    defs = schema.setdefault("$defs", {})
    assert isinstance(defs, dict)
    return defs


def subschemas(node: JsonSchema) -> Iterator[JsonSchema]:
    """The schemas directly inside ``node`` (properties, items, union members, definitions)."""
    for key in ("properties", "$defs"):
        children = node.get(key)
        if isinstance(children, dict):
            yield from (child for child in children.values() if isinstance(child, dict))
    for key in ("anyOf", "oneOf", "allOf"):
        members = node.get(key)
        if isinstance(members, list):
            yield from (member for member in members if isinstance(member, dict))
    for key in ("items", "additionalProperties"):
        child = node.get(key)
        if isinstance(child, dict):
            yield child


def _every_node(schema: JsonSchema) -> Iterator[JsonSchema]:
    yield schema
    for child in list(subschemas(schema)):
        yield from _every_node(child)


def _drop_union_members(schema: JsonSchema, names: tuple[str, ...]) -> None:
    """Remove node kinds the model must not use (saved segments: it does not know their names)."""
    refs = {f"#/$defs/{name}" for name in names}
    for node in _every_node(schema):
        for key in ("anyOf", "oneOf"):
            members = node.get(key)
            if isinstance(members, list):
                node[key] = [
                    m for m in members if not (isinstance(m, dict) and m.get("$ref") in refs)
                ]
    for name in names:
        _defs(schema).pop(name, None)


def _strictify(schema: JsonSchema) -> None:
    """oneOf → anyOf, const → enum, no defaults/titles, closed objects with every key required."""
    for node in _every_node(schema):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        if "const" in node:
            node["enum"] = [node.pop("const")]
        for keyword in _DROPPED_KEYWORDS:
            node.pop(keyword, None)
        properties = node.get("properties")
        if node.get("type") == "object" or isinstance(properties, dict):
            node["additionalProperties"] = False
            node["required"] = list(properties) if isinstance(properties, dict) else []


def _narrow_to_catalog(schema: JsonSchema, catalog: Catalog | None) -> None:
    """Turn free-text names into enums of the catalog's names."""
    if catalog is None:
        return
    events = catalog.event_tables
    profile_fields = [
        f"{t.name}.{c.name}" for t in catalog.tables if t not in events for c in t.columns
    ]
    dimensions = sorted({c for t in events for c in (*t.dimensions, *t.measures)})
    targets = {
        ("Attribute", "field"): profile_fields,
        ("Behavior", "event"): [t.name for t in events],
        ("IndicatorRule", "indicator"): [i.name for i in catalog.indicators],
        ("Condition", "field"): dimensions,
        ("Aggregate", "measure"): sorted({m for t in events for m in t.measures}),
        ("Reachable", "channel"): list(catalog.channel_names),
        ("FieldMeasure", "field"): rankable_fields(catalog),
        ("IndicatorMeasure", "indicator"): [
            i.name for i in catalog.indicators if i.type is IndicatorType.NUMBER
        ],
        ("BehaviorMeasure", "event"): [t.name for t in events],
        ("BehaviorMeasure", "measure"): sorted({m for t in events for m in t.measures}),
        ("RuleTree", "channel"): list(catalog.channel_names),
    }
    defs = _defs(schema)
    for (def_name, prop), names in targets.items():
        if not names or len(names) > _MAX_ENUM_VALUES or def_name not in defs:
            continue
        _set_string_enum(_property(defs[def_name], prop), names)


def _property(node: JsonSchema, name: str) -> JsonSchema:
    properties = node["properties"]
    assert isinstance(properties, dict)
    prop = properties[name]
    assert isinstance(prop, dict)
    return prop


def _set_string_enum(prop: JsonSchema, names: list[str]) -> None:
    members = prop.get("anyOf")
    targets = members if isinstance(members, list) else [prop]
    for member in targets:
        if isinstance(member, dict) and member.get("type") == "string":
            member["enum"] = list(names)
            member.pop("pattern", None)  # the enum says more


def _unroll_recursion(schema: JsonSchema, name: str, depth: int) -> None:
    """Replace the recursive ``name`` definition by ``name_0`` … ``name_depth``.

    ``name_k`` may contain ``name_{k+1}``; the last level may not contain a ``name`` at all, so the
    schema is finite (OpenAI strict mode allows at most 10 levels of nesting).
    """
    defs = _defs(schema)
    original = defs.pop(name)
    ref = f"#/$defs/{name}"
    for level in range(depth + 1):
        copy_ = copy.deepcopy(original)
        inner = f"#/$defs/{name}_{level + 1}" if level < depth else None
        _rewrite_refs(copy_, ref, inner)
        defs[f"{name}_{level}"] = copy_
    for def_name, definition in defs.items():
        if not def_name.startswith(f"{name}_"):
            _rewrite_refs(definition, ref, f"#/$defs/{name}_0")
    for key, value in schema.items():
        if key != "$defs" and isinstance(value, dict):
            _rewrite_refs(value, ref, f"#/$defs/{name}_0")


def _rewrite_refs(node: JsonSchema, old: str, new: str | None) -> None:
    """Point refs to ``old`` at ``new``; with None, drop them from unions."""
    for sub in _every_node(node):
        if sub.get("$ref") == old and new is not None:
            sub["$ref"] = new
        members = sub.get("anyOf")
        if new is None and isinstance(members, list):
            sub["anyOf"] = [
                m for m in members if not (isinstance(m, dict) and m.get("$ref") == old)
            ]


def _inline_annotated_refs(schema: JsonSchema) -> None:
    """``{"$ref": ..., "description": ...}`` → the definition inlined with the description.

    Strict mode does not take keywords next to ``$ref``; inlining keeps the field's description.
    """
    defs = _defs(schema)
    for node in _every_node(schema):
        ref = node.get("$ref")
        if isinstance(ref, str) and len(node) > 1:
            resolved = copy.deepcopy(defs[ref.removeprefix("#/$defs/")])
            description = node.get("description")
            node.clear()
            node.update(resolved)
            if description is not None:
                node["description"] = description


def _prune_unused_defs(schema: JsonSchema) -> None:
    """Drop definitions nothing refers to any more (smaller prompt, same meaning)."""
    defs = _defs(schema)
    while True:
        text = json.dumps({k: v for k, v in schema.items() if k != "$defs"}) + json.dumps(defs)
        unused = [name for name in defs if f'"#/$defs/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del defs[name]


# --- parsing the answer --------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def parse_output(text: str) -> tuple[PlanOutput | None, list[Issue]]:
    """Parse and validate the model's answer into :class:`PlanOutput`.

    Malformed JSON, unknown keys, wrong types and a status without its payload come back as
    issues (``malformed_json``, ``schema_violation``, ``missing_payload``) for the repair loop.
    """
    fenced = _FENCE.match(text)
    body = fenced.group(1) if fenced else text
    try:
        raw = json.loads(body)
    except json.JSONDecodeError as error:
        return None, [_malformed(error)]
    try:
        output = PlanOutput.model_validate(raw)
    except ValidationError as error:
        return None, [_schema_issue(detail) for detail in error.errors(include_url=False)]
    missing = _missing_payload(output)
    return (None, missing) if missing else (output, [])


def _malformed(error: json.JSONDecodeError) -> Issue:
    return Issue(
        code="malformed_json",
        path="output",
        message=f"The answer is not valid JSON: {error.msg} at line {error.lineno} "
        f"column {error.colno}.",
        hint="Answer with one JSON object and nothing else.",
    )


def _schema_issue(detail: object) -> Issue:
    assert isinstance(detail, dict)
    loc = tuple(detail.get("loc", ()))
    return Issue(
        code="schema_violation",
        path=error_path(loc),
        message=f"{detail.get('msg', 'invalid')} (got {_short(detail.get('input'))}).",
        hint="Follow the JSON schema exactly: only the keys it lists, with their types.",
    )


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def error_path(loc: tuple[object, ...]) -> str:
    """A pydantic error location as a rule-tree path, like the validator's.

    >>> error_path(("rules", "root", "rules", 0, "attribute", "field"))
    'root.rules[0].field'
    >>> error_path(("question",))
    'output.question'
    """
    parts = [part for part in loc if part not in _RULE_KINDS]
    inside_tree = len(parts) > 1 and parts[0] == "rules"
    text = ""
    for part in parts[1:] if inside_tree else ["output", *parts]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


_REQUIRED_PAYLOAD = {"proposal": "rules", "clarification": "question", "refusal": "reason"}


def _missing_payload(output: PlanOutput) -> list[Issue]:
    key = _REQUIRED_PAYLOAD[output.status]
    if getattr(output, key):
        return []
    return [
        Issue(
            code="missing_payload",
            path=f"output.{key}",
            message=f"Status {output.status!r} needs {key!r}, which is null or empty.",
            hint=f"Fill {key!r}, or choose another status.",
        )
    ]


def to_plan_result(
    output: PlanOutput, usage: Usage | None = None
) -> Proposal | Clarification | Refusal:
    """The contract type for a parsed answer (``parse_output`` guarantees its payload is there)."""
    if output.status == "clarification":
        return Clarification(
            question=output.question or "",
            term=output.term,
            options=tuple(output.options or ()),
            usage=usage,
        )
    if output.status == "refusal":
        return Refusal(
            reason=output.reason or output.explanation,
            category=output.category or "out_of_scope",
            usage=usage,
        )
    assert output.rules is not None
    return Proposal(
        rules=output.rules,
        explanation=output.explanation,
        assumptions=tuple(output.assumptions),
        coverage=tuple(output.coverage),
        changes=tuple(output.changes),
        usage=usage,
    )
