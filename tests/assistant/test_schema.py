"""The model-output schema: OpenAI strict-mode rules, json_object servers, and the way back."""

from __future__ import annotations

import json

import jsonschema
import pytest

from assistant import Clarification, Proposal, Refusal
from assistant.fewshot import EXAMPLES
from assistant.schema import (
    PlanOutput,
    error_path,
    output_schema,
    parse_output,
    response_format,
    to_plan_result,
)
from audience.rules import (
    Attribute,
    BehaviorMeasure,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    Op,
    Ranking,
    Reachable,
    RuleTree,
    Window,
)
from schema_catalog import Catalog

# --- a checker written from OpenAI's documented strict-mode rules ("Supported schemas") ------

_ALLOWED = {
    # keywords OpenAI lists as supported, per schema kind, plus the structural ones
    "common": {"type", "description", "enum", "anyOf", "$ref", "$defs", "title"},
    "object": {"properties", "required", "additionalProperties"},
    "array": {"items", "minItems", "maxItems"},
    "string": {"pattern", "format"},
    "number": {"multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"},
}
_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
MAX_DEPTH, MAX_PROPERTIES, MAX_ENUM_VALUES, MAX_STRING_TOTAL = 10, 5000, 1000, 120_000


def strict_mode_problems(schema: dict[str, object]) -> list[str]:
    """Every way ``schema`` breaks OpenAI's strict structured-output rules (empty = accepted)."""
    problems: list[str] = []
    if schema.get("type") != "object" or "anyOf" in schema:
        problems.append("root: must be an object, not anyOf")
    defs = schema.get("$defs", {})
    assert isinstance(defs, dict)
    stats = {"properties": 0, "enum_values": 0, "string_chars": sum(len(n) for n in defs)}
    _check(schema, "#", defs, problems, stats)
    for name, definition in defs.items():
        _check(definition, f"#/$defs/{name}", defs, problems, stats)
    depth = _depth(schema, defs, ())
    if depth > MAX_DEPTH:
        problems.append(f"nesting depth {depth} > {MAX_DEPTH}")
    if stats["properties"] > MAX_PROPERTIES:
        problems.append(f"{stats['properties']} properties > {MAX_PROPERTIES}")
    if stats["enum_values"] > MAX_ENUM_VALUES:
        problems.append(f"{stats['enum_values']} enum values > {MAX_ENUM_VALUES}")
    if stats["string_chars"] > MAX_STRING_TOTAL:
        problems.append(f"{stats['string_chars']} schema string chars > {MAX_STRING_TOTAL}")
    return problems


def _check(node: object, where: str, defs: dict, problems: list[str], stats: dict) -> None:
    if not isinstance(node, dict):
        problems.append(f"{where}: not a schema object")
        return
    types = node.get("type")
    kinds = set(types if isinstance(types, list) else [types] if types else [])
    allowed = set(_ALLOWED["common"])
    for kind in kinds:
        problems += [f"{where}: unknown type {kind!r}"] if kind not in _TYPES else []
        allowed |= _ALLOWED.get("number" if kind == "integer" else kind, set())
    problems += [f"{where}: unsupported keyword {key!r}" for key in node if key not in allowed]
    if "$ref" in node:
        ref = node["$ref"]
        if len(node) > 1:
            problems.append(f"{where}: keywords next to $ref")
        if not (ref == "#" or (ref.startswith("#/$defs/") and ref[8:] in defs)):
            problems.append(f"{where}: dangling $ref {ref!r}")
    if "format" in node and node["format"] not in _FORMATS:
        problems.append(f"{where}: unsupported format {node['format']!r}")
    if "enum" in node:
        stats["enum_values"] += len(node["enum"])
        stats["string_chars"] += sum(len(str(v)) for v in node["enum"])
    if "object" in kinds:
        _check_object(node, where, defs, problems, stats)
    if "array" in kinds:
        if not isinstance(node.get("items"), dict):
            problems.append(f"{where}: array without items")
        else:
            _check(node["items"], f"{where}/items", defs, problems, stats)
    for index, member in enumerate(node.get("anyOf", [])):
        _check(member, f"{where}/anyOf/{index}", defs, problems, stats)
    if not kinds and "$ref" not in node and "anyOf" not in node and "enum" not in node:
        problems.append(f"{where}: no type")


def _check_object(node: dict, where: str, defs: dict, problems: list[str], stats: dict) -> None:
    properties = node.get("properties", {})
    if node.get("additionalProperties") is not False:
        problems.append(f"{where}: additionalProperties must be false")
    if sorted(node.get("required", [])) != sorted(properties):
        problems.append(f"{where}: every property must be required")
    stats["properties"] += len(properties)
    stats["string_chars"] += sum(len(name) for name in properties)
    for name, prop in properties.items():
        _check(prop, f"{where}/properties/{name}", defs, problems, stats)


def _depth(node: object, defs: dict, seen: tuple[str, ...]) -> int:
    """Object nesting depth, following $refs; a reference cycle counts as unbounded."""
    if not isinstance(node, dict):
        return 0
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        return 99 if name in seen else _depth(defs.get(name), defs, (*seen, name))
    children = [*node.get("properties", {}).values(), *node.get("anyOf", [])]
    children += node.get("oneOf", [])
    children += [node["items"]] if isinstance(node.get("items"), dict) else []
    inner = max((_depth(child, defs, seen) for child in children), default=0)
    return inner + (1 if node.get("type") == "object" else 0)


# --- the tests ------------------------------------------------------------------------------


def seed_tree() -> RuleTree:
    tree = EXAMPLES[0].answer.rules
    assert tree is not None
    return tree


def envelope(tree: RuleTree) -> dict[str, object]:
    return PlanOutput(status="proposal", explanation="x", rules=tree).model_dump(mode="json")


@pytest.mark.parametrize("narrowed", [False, True])
def test_schema_passes_openai_strict_rules(catalog: Catalog, narrowed: bool) -> None:
    schema = output_schema(catalog if narrowed else None)
    assert strict_mode_problems(schema) == []


def test_checker_catches_what_pydantic_emits_raw() -> None:
    raw = PlanOutput.model_json_schema()
    problems = strict_mode_problems(raw)
    assert any("unsupported keyword 'oneOf'" in p for p in problems)
    assert any("unsupported keyword 'default'" in p for p in problems)
    assert any("every property must be required" in p for p in problems)
    assert any("nesting depth" in p for p in problems)  # recursive Group


def test_unrolled_groups_are_bounded(catalog: Catalog) -> None:
    schema = output_schema(catalog, group_depth=2)
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    assert {"Group_1", "Group_2"} <= set(defs)
    assert "Group" not in defs
    assert '"#/$defs/Group_2"' not in json.dumps(defs["Group_2"])
    deeper = output_schema(catalog, group_depth=8)
    assert any(p.startswith("nesting depth") for p in strict_mode_problems(deeper))


def test_segment_refs_are_not_offered_to_the_model() -> None:
    assert "SegmentRef" not in json.dumps(output_schema())


def test_schema_validates_seed_tree_envelope(catalog: Catalog) -> None:
    for schema in (output_schema(), output_schema(catalog)):
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(envelope(seed_tree()), schema)


def test_every_fewshot_answer_validates_against_schema(catalog: Catalog) -> None:
    schema = output_schema(catalog)
    for example in EXAMPLES:
        jsonschema.validate(example.answer.model_dump(mode="json"), schema)


def test_narrowed_schema_rejects_non_catalog_field(catalog: Catalog) -> None:
    bad = RuleTree(root=Group(rules=[Attribute(field="customers.password", op=Op.EQ, value="x")]))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(envelope(bad), output_schema(catalog))
    jsonschema.validate(envelope(bad), output_schema())  # unnarrowed: only the validator stops it


def test_channels_are_narrowed_to_the_catalogs_names(catalog: Catalog) -> None:
    whatsapp = catalog.channel("sms").model_copy(update={"name": "whatsapp"})
    own = catalog.model_copy(update={"channels": (*catalog.channels, whatsapp)})
    reach = RuleTree(root=Group(rules=[Reachable(channel="whatsapp")]), channel="whatsapp")
    jsonschema.validate(envelope(reach), output_schema(own))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(envelope(reach), output_schema(catalog))
    for other in ("postal", "fax"):
        audience = RuleTree(root=Group(), channel=other)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(envelope(audience), output_schema(own))


def test_schema_rejects_extra_keys(catalog: Catalog) -> None:
    smuggled = envelope(seed_tree())
    smuggled["sql"] = "DROP TABLE customers"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(smuggled, output_schema(catalog))


def test_response_format_modes() -> None:
    schema = output_schema()
    strict = response_format(schema, "json_schema")
    assert strict["type"] == "json_schema"
    assert strict["json_schema"] == {"name": "audience_plan", "strict": True, "schema": schema}
    assert response_format(schema, "json_object") == {"type": "json_object", "schema": schema}


def test_parse_round_trip_into_domain_types() -> None:
    output, issues = parse_output(json.dumps(envelope(seed_tree())))
    assert issues == []
    assert output is not None
    result = to_plan_result(output)
    assert isinstance(result, Proposal)
    assert result.rules == seed_tree()


def test_parse_accepts_code_fences() -> None:
    output, issues = parse_output("```json\n" + json.dumps(envelope(seed_tree())) + "\n```")
    assert issues == [] and output is not None


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ("{oops", "malformed_json", "output"),
        ('{"status": "maybe"}', "schema_violation", "output.status"),
        ('{"status": "refusal"}', "missing_payload", "output.reason"),
        ('{"status": "proposal"}', "missing_payload", "output.rules"),
        ('{"status": "refusal", "reason": "x", "sql": "DROP"}', "schema_violation", "output.sql"),
    ],
)
def test_parse_problems_become_issues(text: str, code: str, path: str) -> None:
    output, issues = parse_output(text)
    assert output is None
    assert (issues[0].code, issues[0].path) == (code, path)


def test_schema_violation_path_points_into_tree() -> None:
    bad = envelope(seed_tree())
    bad["rules"]["root"]["rules"][0]["op"] = "like"  # type: ignore[index]
    _, issues = parse_output(json.dumps(bad))
    assert [(i.code, i.path) for i in issues] == [("schema_violation", "root.rules[0].op")]


def test_error_path_examples() -> None:
    assert error_path(("rules", "root", "rules", 1, "behavior", "filters", 0, "field")) == (
        "root.rules[1].filters[0].field"
    )
    assert error_path(("rules",)) == "output.rules"


def test_to_plan_result_kinds() -> None:
    clar = PlanOutput(status="clarification", question="Which?", term="active", options=[])
    assert isinstance(to_plan_result(clar), Clarification)
    refusal = to_plan_result(PlanOutput(status="refusal", reason="no", category="unsafe"))
    assert isinstance(refusal, Refusal)
    assert refusal.category == "unsafe"


def _ranked_tree() -> RuleTree:
    spend = BehaviorMeasure(
        event="orders",
        func="sum",
        measure="amount",
        window=Window(type="last", amount=1, unit="year"),
    )
    return RuleTree(root=Group(), limit=1000, channel="email", ranking=Ranking(by=spend))


def test_a_ranked_audience_passes_the_strict_schema_and_comes_back_whole(catalog: Catalog) -> None:
    for schema in (output_schema(), output_schema(catalog)):
        assert strict_mode_problems(schema) == []
        jsonschema.validate(envelope(_ranked_tree()), schema)
    output, issues = parse_output(json.dumps(envelope(_ranked_tree())))
    assert issues == [] and output is not None
    assert to_plan_result(output).rules == _ranked_tree()  # type: ignore[union-attr]


def test_ranking_measures_are_narrowed_to_what_can_rank(catalog: Catalog) -> None:
    for by in (
        FieldMeasure(field="customers.loyalty_tier"),  # text: cannot be ordered
        IndicatorMeasure(indicator="churn_risk"),  # a category, not a score
        BehaviorMeasure(event="orders", func="sum", measure="channel"),
    ):
        tree = RuleTree(root=Group(), limit=10, ranking=Ranking(by=by))
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(envelope(tree), output_schema(catalog))
