"""The case format: exactly one expectation for proposals, well-formed conversations, clear
errors naming the file, the line and the case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from evals.cases import UNCATEGORISED, EvalCase, load_cases_file
from evals.errors import DatasetError
from evals.expectations import canonical_key, canonical_members

SQL = "SELECT DISTINCT card_number FROM baskets"


def _case(**fields: object) -> EvalCase:
    base: dict[str, object] = {"id": "c1", "conversation": ["x"], "expected_outcome": "proposal"}
    return EvalCase.model_validate({**base, **fields})


def test_each_expectation_kind_and_the_channel() -> None:
    assert _case(expected_sql=SQL).expectation == "sql"
    assert _case(expected_members=[1, "2"]).expectation == "members"
    rules = {"schema_version": 1, "root": {"kind": "group", "op": "and", "rules": []},
             "channel": "sms"}  # fmt: skip
    with_rules = _case(expected_rules=rules)
    assert with_rules.expectation == "rules" and with_rules.channel == "sms"
    assert _case(expected_sql=SQL, expected_channel="email").channel == "email"
    assert _case(expected_sql=SQL).category == UNCATEGORISED


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"expected_sql": SQL, "expected_members": [1]},
        {"expected_outcome": "refusal", "expected_sql": SQL},
        {"expected_outcome": "clarification", "expected_channel": "sms"},
        {"conversation": []},
        {"conversation": "just a string"},
        {"conversation": ["ok", "  "]},
        {"conversation": ["ok", 3]},
        {"expected_sql": SQL, "surprise": 1},
    ],
)
def test_malformed_cases_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _case(**fields)


def test_refusals_and_clarifications_need_no_expectation() -> None:
    assert _case(expected_outcome="refusal", tags=["unsafe"]).is_unsafe_request
    assert _case(expected_outcome="clarification").expectation is None


def test_file_errors_name_file_line_and_case(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    good = json.dumps({"id": "a", "conversation": ["x"], "expected_outcome": "refusal"})
    bad = json.dumps({"id": "b", "conversation": ["x"], "expected_outcome": "proposal"})
    path.write_text(good + "\n\n" + bad + "\n")
    with pytest.raises(DatasetError, match=r"mine\.jsonl:3: case 'b'"):
        load_cases_file(path)
    path.write_text(good + "\n{not json\n")
    with pytest.raises(DatasetError, match=r"mine\.jsonl:2"):
        load_cases_file(path)
    path.write_text(good + "\n" + good + "\n")
    with pytest.raises(DatasetError, match="duplicate"):
        load_cases_file(path)
    with pytest.raises(DatasetError):
        load_cases_file(tmp_path / "missing.jsonl")


def test_loaded_cases_carry_the_dataset_name(tmp_path: Path) -> None:
    path = tmp_path / "my_cases.jsonl"
    path.write_text(json.dumps({"id": "a", "conversation": ["x"], "expected_outcome": "refusal"}))
    assert load_cases_file(path)[0].dataset == "my_cases"
    assert load_cases_file(path, dataset="own")[0].dataset == "own"


def test_keys_compare_in_one_form() -> None:
    assert canonical_members([1, "1", "0001"], integer=True) == frozenset({1})
    assert canonical_members([1, "1"], integer=False) == frozenset({"1"})
    with pytest.raises(ValueError):
        canonical_key("ON12", integer=True)
    with pytest.raises(ValueError):
        canonical_key(True, integer=True)
