"""Choosing what a run scores: bundled domains, your own cases on your data, clear refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evals.domains import DOMAINS, get_domain
from evals.errors import DatasetError, EvalError
from evals.targets import (
    CasesDoNotFitError,
    NoDatasetFitsError,
    Selection,
    choose_targets,
)
from settings import Settings

OWN = {"id": "own-1", "conversation": ["VIPs"], "expected_outcome": "proposal",
       "expected_sql": "SELECT customer_id FROM customers WHERE loyalty_tier = 'vip'"}  # fmt: skip


def _cases(path: Path, *cases: dict[str, object]) -> Path:
    path.write_text("\n".join(json.dumps(case) for case in cases) + "\n")
    return path


def test_bundled_demo_cases(tmp_path: Path, demo_db: Path) -> None:
    settings = Settings(home=tmp_path, database=demo_db)
    targets = choose_targets(settings, Selection(domains=("demo",), datasets=("dev",), limit=3))
    assert [(t.domain, len(t.cases), t.database) for t in targets] == [("demo", 3, demo_db)]
    assert targets[0].data_label == str(demo_db)  # the workspace's own file, not the generator
    assert {case.dataset for case in targets[0].cases} == {"dev"}


@pytest.mark.xdist_group("domains")
def test_default_is_every_domain_with_datasets(domains_home: Path, demo_db: Path) -> None:
    settings = Settings(home=domains_home, database=demo_db)
    targets = choose_targets(settings, Selection(limit=1))
    assert {t.domain for t in targets} == {d.name for d in DOMAINS.values() if d.datasets()}


def test_own_cases_on_own_data(tmp_path: Path, demo_db: Path) -> None:
    settings = Settings(home=tmp_path)
    file = _cases(tmp_path / "mine.jsonl", OWN)
    selection = Selection(cases_file=file, database=demo_db)
    [target] = choose_targets(settings, selection)
    assert (target.domain, target.database, [c.dataset for c in target.cases]) == (
        "demo", demo_db, ["mine"]
    )  # fmt: skip
    [same] = choose_targets(settings, Selection(datasets=(str(file),), database=demo_db))
    assert same.cases == target.cases


def test_own_cases_that_do_not_fit_are_named(tmp_path: Path, demo_db: Path) -> None:
    misfits = [
        dict(OWN, id="t", expected_sql="SELECT customer_id FROM clients"),
        dict(OWN, id="v", expected_sql="SELECT customer_id FROM customers WHERE city = 'Pariss'"),
        dict(OWN, id="c", expected_channel="fax"),
    ]
    file = _cases(tmp_path / "mine.jsonl", OWN, *misfits)
    with pytest.raises(CasesDoNotFitError) as raised:
        choose_targets(Settings(home=tmp_path, database=demo_db), Selection(cases_file=file))
    found = {(p.case_id, p.code) for p in raised.value.problems}
    assert found == {("t", "unknown_table"), ("v", "unknown_value"), ("c", "unknown_channel")}


def test_own_catalog_without_cases_gets_no_demo_cases(tmp_path: Path) -> None:
    own = tmp_path / "catalog"
    shutil.copytree(get_domain("grocery").catalog_dir, own)
    text = (own / "catalog.yml").read_text().replace("name: marche_frais", "name: my_shop")
    (own / "catalog.yml").write_text(text)
    with pytest.raises(NoDatasetFitsError):
        choose_targets(Settings(home=tmp_path, catalog_dir=own), Selection())


def test_selection_mistakes(tmp_path: Path, demo_db: Path) -> None:
    settings = Settings(home=tmp_path, database=demo_db)
    file = _cases(tmp_path / "mine.jsonl", OWN)
    for selection in (
        Selection(datasets=("dev", str(file))),
        Selection(cases_file=file, domains=("demo",)),
        Selection(domains=("demo",), datasets=("nope",)),
    ):
        with pytest.raises(DatasetError):
            choose_targets(settings, selection)
    missing = Selection(cases_file=file, catalog_dir=get_domain("grocery").catalog_dir)
    with pytest.raises(EvalError):
        choose_targets(Settings(home=tmp_path), missing)
