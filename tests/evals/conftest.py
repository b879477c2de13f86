"""Eval fixtures: the eval domains' databases at the size evals and the gate use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evals.domains import domain_database, get_domain

DomainData = Callable[[str], Path]


@pytest.fixture(scope="session")
def domain_data(tmp_path_factory: pytest.TempPathFactory) -> DomainData:
    """``domain_data(name)``: the domain's database at its eval size, generated once per worker.

    Tests that use it carry ``pytest.mark.xdist_group("domains")`` so they share one worker and
    each domain is generated once per test run.
    """
    folder = tmp_path_factory.mktemp("domains")

    def get(name: str) -> Path:
        return domain_database(get_domain(name), folder)

    return get
