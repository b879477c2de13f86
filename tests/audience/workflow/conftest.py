"""The service the workflow tests share: a fake engine (base 1,000) and the small policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from audience.workflow import AudienceService
from schema_catalog import Catalog
from tests.support.workflow_fakes import POLICY, FakeEngine, service


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(base=1_000)


@pytest.fixture
def svc(tmp_path: Path, catalog: Catalog, engine: FakeEngine) -> AudienceService:
    return service(tmp_path, catalog, engine, policy=POLICY)
