"""The eval domains: each one is a catalog folder, a deterministic data generator and datasets.

The demo retailer keeps its catalog in ``schema_catalog/demo/`` and its datasets in
``evals/datasets/``; the other domains live in ``evals/domains/<name>/`` (``catalog/``, ``data.py``,
``datasets/``, ``CONVENTIONS.md``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from evals.errors import DomainError
from schema_catalog import DEMO_CATALOG_DIR, Catalog, load_catalog

EVALS_DIR = Path(__file__).resolve().parent.parent
DOMAINS_DIR = EVALS_DIR / "domains"


@dataclass(frozen=True)
class Domain:
    """One eval domain.

    Attributes:
        name: Short name used on the command line (``--domain grocery``).
        title: One line for people.
        catalog_dir: The catalog folder (YAML).
        datasets_dir: Where its ``*.jsonl`` datasets live.
        generator: Module holding the generator's ``MACROS``, ``STEPS`` and
            ``SNAPSHOT_VARIABLES`` (see ``evals.domains.data``).
        eval_size: Profiles generated for evals and the gate.
        conventions: The interpretation conventions its cases follow.
    """

    name: str
    title: str
    catalog_dir: Path
    datasets_dir: Path
    generator: str
    eval_size: int
    conventions: Path
    seed: int = 42

    def load_catalog(self) -> Catalog:
        """The domain's catalog (raises ``CatalogLoadError`` with file and line)."""
        return load_catalog(self.catalog_dir)

    def generator_module(self) -> ModuleType:
        """The generator module (imported on first use: it pulls in nothing heavy)."""
        return importlib.import_module(self.generator)

    def datasets(self) -> list[str]:
        """Names of the domain's datasets (``dev``, ``heldout_test``...), sorted."""
        return sorted(path.stem for path in self.datasets_dir.glob("*.jsonl"))

    def dataset_path(self, name: str) -> Path:
        """The file of dataset ``name``."""
        return self.datasets_dir / f"{name}.jsonl"


def _domain(name: str, title: str, size: int) -> Domain:
    home = DOMAINS_DIR / name
    return Domain(
        name=name,
        title=title,
        catalog_dir=home / "catalog",
        datasets_dir=home / "datasets",
        generator=f"evals.domains.{name}.data",
        eval_size=size,
        conventions=home / "CONVENTIONS.md",
    )


DEMO = Domain(
    name="demo",
    title="Maison Lumière, fashion and beauty retailer (the bundled demo)",
    catalog_dir=DEMO_CATALOG_DIR,
    datasets_dir=EVALS_DIR / "datasets",
    generator="schema_catalog.demo.data",
    eval_size=100_000,
    conventions=EVALS_DIR / "datasets" / "README.md",
)

DOMAINS: dict[str, Domain] = {
    domain.name: domain
    for domain in (
        DEMO,
        _domain("grocery", "Marché Frais, grocery chain with a loyalty card", 10_000),
        _domain("telecom", "Onda, mobile, broadband, TV and streaming operator", 10_000),
    )
}
"""Every bundled domain, by name."""


def get_domain(name: str) -> Domain:
    """The bundled domain called ``name``.

    Raises:
        DomainError: no such domain (the message lists the known ones).
    """
    if name not in DOMAINS:
        raise DomainError(
            f"Unknown domain {name!r}. Known domains: {', '.join(DOMAINS)}. "
            "Run `perimeter eval domains` to list them with their paths."
        )
    return DOMAINS[name]


def domain_of_catalog(catalog: Catalog) -> Domain | None:
    """The bundled domain whose catalog has ``catalog``'s name, or None."""
    for domain in DOMAINS.values():
        if domain.load_catalog().name == catalog.name:
            return domain
    return None
