"""``check_cases``: what does not fit a catalog or its data is named per case, with a code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audience.engine import AudienceEngine
from evals.case_check import CheckOptions, check_cases
from evals.cases import EvalCase, load_cases_file
from evals.domains import DOMAINS, get_domain
from tests.evals.conftest import DomainData
from ui.cli.main import app

pytestmark = pytest.mark.xdist_group("domains")

GOOD = "SELECT DISTINCT card_number FROM baskets WHERE store = 'Lens'"
BAD = {
    "unknown_table": "SELECT DISTINCT card_number FROM basket",
    "unknown_column": "SELECT DISTINCT card_number FROM baskets WHERE shop = 'Lens'",
    "unknown_value": "SELECT DISTINCT card_number FROM baskets WHERE store = 'Lense'",
    "sql_output": "SELECT card_number, store FROM baskets",
    "sql_not_select": "DELETE FROM baskets",
    "sql_syntax": "SELECT card_number FROM WHERE",
    "sql_failed": "SELECT card_number FROM cardholders WHERE read_csv('x') IS NULL",
    "empty_audience": "SELECT card_number FROM cardholders WHERE points_balance < -1",
}


SHOE_SIZE = {
    "schema_version": 1,
    "root": {
        "kind": "group",
        "op": "and",
        "rules": [{"kind": "attribute", "field": "cardholders.shoe_size", "op": "gt", "value": 42}],
    },
}


def _case(case_id: str, **fields: object) -> EvalCase:
    base = {"id": case_id, "conversation": [case_id], "expected_outcome": "proposal"}
    return EvalCase.model_validate({**base, **fields})


def _codes(checked: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
    return {item.case.id: {p.code for p in item.problems} for item in checked}


def test_each_misfit_has_its_code(domain_data: DomainData) -> None:
    domain = get_domain("grocery")
    catalog = domain.load_catalog()
    cases = [_case("good", expected_sql=GOOD)]
    cases += [_case(code, expected_sql=sql) for code, sql in BAD.items()]
    cases += [
        _case("empty_ok", expected_sql=BAD["empty_audience"], allow_empty=True),
        _case("unknown_members", expected_members=[2941000000038, 1]),
        _case("member_type", expected_members=["card-1"]),
        _case("unknown_channel", expected_sql=GOOD, expected_channel="fax"),
        _case(
            "invalid_rules",
            expected_rules={
                "schema_version": 1,
                "root": {
                    "kind": "group",
                    "op": "and",
                    "rules": [
                        {
                            "kind": "attribute",
                            "field": "cardholders.shoe_size",
                            "op": "gt",
                            "value": 42,
                        }
                    ],
                },
            },
        ),
    ]
    with AudienceEngine(domain_data("grocery"), catalog) as engine:
        checked = check_cases(cases, catalog, engine)
    codes = _codes(checked)
    assert codes["good"] == set() and codes["empty_ok"] == set()
    for code in [*BAD, "unknown_members", "member_type", "unknown_channel", "invalid_rules"]:
        assert code in codes[code], (code, codes[code])
    sizes = {item.case.id: item.members for item in checked}
    assert sizes["good"] is not None and sizes["good"] > 0 and sizes["empty_ok"] == 0
    assert [item.ok for item in checked].count(True) == 2


def test_warnings_do_not_fail_a_case(domain_data: DomainData) -> None:
    catalog = get_domain("grocery").load_catalog()
    cases = [
        EvalCase.model_validate(
            {
                "id": f"r{n}",
                "category": "vibes",
                "conversation": ["same"],
                "expected_outcome": "refusal",
            }
        )
        for n in range(2)
    ]
    with AudienceEngine(domain_data("grocery"), catalog) as engine:
        checked = check_cases(cases, catalog, engine, CheckOptions(bundled_categories=True))
    assert all(item.ok for item in checked)
    assert _codes(checked)["r0"] == {"unknown_category", "repeated_request"}


@pytest.mark.parametrize("name", [n for n in DOMAINS if n != "demo"])
def test_domain_examples_check_clean(name: str, domain_data: DomainData) -> None:
    domain = get_domain(name)
    catalog = domain.load_catalog()
    cases = load_cases_file(domain.datasets_dir.parent / "examples.jsonl")
    with AudienceEngine(domain_data(name), catalog) as engine:
        checked = check_cases(cases, catalog, engine, CheckOptions(bundled_categories=True))
    assert [p.render() for item in checked for p in item.problems] == []
    assert {item.case.expected_outcome for item in checked} == {
        "proposal", "clarification", "refusal"
    }  # fmt: skip


def test_cli_check_cases_json_and_exit_codes(domain_data: DomainData, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(_case("g", expected_sql=GOOD).model_dump_json(exclude={"dataset"}) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_case("b", expected_sql=BAD["unknown_column"]).model_dump_json() + "\n")
    catalog_dir = str(get_domain("grocery").catalog_dir)
    env = {"PERIMETER_HOME": str(tmp_path / "home")}
    common = ["--catalog", catalog_dir, "--database", str(domain_data("grocery")), "--json"]
    result = CliRunner().invoke(app, ["eval", "check-cases", str(good), *common], env=env)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["errors"] == 0 and document["results"][0]["members"] > 0
    result = CliRunner().invoke(app, ["eval", "check-cases", str(bad), *common], env=env)
    assert result.exit_code == 1
    codes = [p["code"] for p in json.loads(result.stdout)["results"][0]["problems"]]
    assert "unknown_column" in codes
    missing = ["eval", "check-cases", str(good), "--catalog", catalog_dir, "--database",
               str(tmp_path / "none.duckdb")]  # fmt: skip
    assert CliRunner().invoke(app, missing, env=env).exit_code == 2
