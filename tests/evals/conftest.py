"""Eval fixtures: the eval domains' databases at the size evals and the gate use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evals.domains import domain_database, get_domain

DomainData = Callable[[str], Path]


@pytest.fixture(scope="session")
def domains_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace home whose ``domains/`` folder holds the generated domain databases.

    Tests that use it carry ``pytest.mark.xdist_group("domains")`` so they share one worker and
    each domain is generated once per test run.
    """
    return tmp_path_factory.mktemp("eval-home")


@pytest.fixture(scope="session")
def domain_data(domains_home: Path) -> DomainData:
    """``domain_data(name)``: the domain's database at its eval size, generated on first use."""

    def get(name: str) -> Path:
        return domain_database(get_domain(name), domains_home / "domains")

    return get
