"""Bounded input at the edge: rule files, the strict exchange format, value and size bounds."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from audience.errors import InputFileError, RuleFormatError
from audience.rules import MAX_RULES_BYTES, parse_rule_tree, read_rules_file
from audience.rules.bounds import MAX_LIST, MAX_NODES

VIP = {"kind": "attribute", "field": "customers.loyalty_tier", "op": "eq", "value": "vip"}


def tree(*rules: dict[str, object], **extra: object) -> dict[str, object]:
    return {"schema_version": 1, "root": {"kind": "group", "rules": list(rules)}, **extra}


def codes(error: RuleFormatError) -> list[str]:
    return [issue.code for issue in error.issues]


def test_a_valid_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(tree(VIP)))
    assert read_rules_file(path).root.rules[0].value == "vip"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"negate": "yes"}, "schema_bool_type"),
        ({"negate": 1}, "schema_bool_type"),
        ({"field": ""}, "schema_value_error"),
        ({"field": "x" * 201}, "schema_value_error"),
        ({"value": "x" * 501}, "schema_value_error"),
        ({"value": 10**30}, "schema_value_error"),
        ({"op": "in", "value": list(range(MAX_LIST + 1))}, "schema_value_error"),
    ],
)
def test_lax_or_unbounded_values_are_refused(change: dict[str, object], code: str) -> None:
    with pytest.raises(RuleFormatError) as raised:
        parse_rule_tree(json.dumps(tree({**VIP, **change})))
    assert code in codes(raised.value)
    assert all(issue.path.startswith("root.rules.0") for issue in raised.value.issues)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_constants_are_refused(constant: str) -> None:
    text = json.dumps(tree({**VIP, "value": 0})).replace('"value": 0', f'"value": {constant}')
    with pytest.raises(RuleFormatError) as raised:
        parse_rule_tree(text)
    assert codes(raised.value) == ["not_json"]


def test_schema_version_is_required() -> None:
    data = tree(VIP)
    del data["schema_version"]
    with pytest.raises(RuleFormatError) as raised:
        parse_rule_tree(json.dumps(data))
    assert codes(raised.value) == ["missing_schema_version"]


@pytest.mark.parametrize(
    "window",
    [
        {"type": "last", "amount": 10**9, "unit": "year"},
        {"type": "last", "amount": -(10**9), "unit": "day"},
        {"type": "since", "start": "9999-12-31"},
        {"type": "between", "start": "0001-01-01", "end": "2020-01-01"},
    ],
)
def test_windows_are_bounded(window: dict[str, object]) -> None:
    behaviour = {"kind": "behavior", "event": "orders", "window": window}
    with pytest.raises(RuleFormatError):
        parse_rule_tree(json.dumps(tree(behaviour)))


def test_aggregate_thresholds_are_finite() -> None:
    aggregate = {"func": "sum", "measure": "amount", "op": "gte", "value": 1e300}
    behaviour = {"kind": "behavior", "event": "orders", "aggregate": aggregate}
    with pytest.raises(RuleFormatError):
        parse_rule_tree(json.dumps(tree(behaviour)))


def test_tree_size_is_bounded() -> None:
    with pytest.raises(RuleFormatError):
        parse_rule_tree(json.dumps(tree(*[VIP] * (MAX_NODES + 1))))
    nested: dict[str, object] = VIP
    for _ in range(12):
        nested = {"kind": "group", "rules": [nested]}
    with pytest.raises(RuleFormatError):
        parse_rule_tree(json.dumps(tree(nested)))


def test_devices_fifos_folders_and_big_files_are_refused_fast(tmp_path: Path) -> None:
    fifo = tmp_path / "rules.fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_RULES_BYTES + 1))
    started = time.perf_counter()
    for path in (Path("/dev/zero"), fifo, tmp_path, big, tmp_path / "missing.json"):
        with pytest.raises(InputFileError):
            read_rules_file(path)
    assert time.perf_counter() - started < 5  # nothing blocked on the FIFO or read /dev/zero


def test_a_fifo_with_a_writer_waiting_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "rules.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.open("w").write("{}"), daemon=True)
    writer.start()
    with pytest.raises(InputFileError):
        read_rules_file(fifo)
