"""Per-language corpora: each phrase of ``corpus/<code>.jsonl`` gets exactly its reading.

Duckling-style: the corpus is the specification of a language's coverage; adding a language adds
a corpus file. Rules (and a behaviour's filters) are compared order-insensitively, with the rule
model's defaults filled in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Proposal
from assistant.language import available_codes, detect_language
from assistant.offline import OfflinePlanner
from audience.rules import RuleTree
from schema_catalog import Catalog, load_catalog

CORPUS = Path(__file__).parent / "corpus"
CINEMA = Path(__file__).parents[2] / "fixtures" / "catalogs" / "cinema"
PLANNER = OfflinePlanner()


def _cases() -> list[tuple[str, dict[str, object]]]:
    return [
        (path.stem, json.loads(line))
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _canonical(tree: RuleTree) -> list[str]:
    rules = tree.model_dump(mode="json")["root"]["rules"]
    return sorted(json.dumps(_sorted_filters(rule), sort_keys=True) for rule in rules)


def _sorted_filters(rule: dict[str, object]) -> dict[str, object]:
    """A behaviour's filters are a conjunction: their order carries no meaning."""
    filters = rule.get("filters")
    if not isinstance(filters, list):
        return rule
    return {**rule, "filters": sorted(filters, key=lambda item: json.dumps(item, sort_keys=True))}


@pytest.fixture(scope="module")
def catalogs(catalog: Catalog) -> dict[str, Catalog]:
    return {"demo": catalog, "cinema": load_catalog(CINEMA)}


def test_every_language_pack_has_a_corpus() -> None:
    assert {path.stem for path in CORPUS.glob("*.jsonl")} == set(available_codes())


@pytest.mark.parametrize(
    ("language", "case"), _cases(), ids=[f"{code}:{case['request']}" for code, case in _cases()]
)
def test_corpus(language: str, case: dict[str, object], catalogs: dict[str, Catalog]) -> None:
    request = str(case["request"])
    assert detect_language(request).code == language
    result = PLANNER.plan(request, None, catalogs[str(case["catalog"])])
    assert result.status == case["outcome"], result
    if not isinstance(result, Proposal):
        return
    expected = RuleTree.model_validate(
        {"root": {"kind": "group", "rules": case["rules"]}, "channel": case.get("channel")}
    )
    assert _canonical(result.rules) == _canonical(expected)
    assert result.rules.channel == expected.channel
    assert result.expected_size == case.get("expected_size")
    assert result.language == language
