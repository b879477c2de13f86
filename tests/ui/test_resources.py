"""The app's engine cache follows the data file on disk: a replaced file is read as it is now."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from audience.rules import RuleTree
from ui.resources import _Engines

VIP = RuleTree.model_validate(
    {"root": {"kind": "group", "op": "and", "rules": [
        {"kind": "attribute", "field": "customers.loyalty_tier", "op": "eq", "value": "vip"}]}}
)  # fmt: skip


def test_a_replaced_data_file_is_counted_as_it_is_now(demo_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "customers.duckdb"
    shutil.copy(demo_db, database)
    engines = _Engines()
    first = engines.get(database, None)
    assert engines.get(database, None) is first  # unchanged file: the same engine
    assert first.engine.count(VIP).count > 0
    replacement = tmp_path / "replacement.duckdb"
    shutil.copy(database, replacement)
    with duckdb.connect(str(replacement)) as conn:
        conn.execute("UPDATE customers SET loyalty_tier = 'standard'")
    os.replace(replacement, database)
    second = engines.get(database, None)
    assert second is not first and not first.engine.is_current()
    assert second.engine.count(VIP).count == 0
    second.engine.close()
