"""Load a catalog from a folder of YAML files (provisional: file:line errors come next)."""

from __future__ import annotations

from pathlib import Path

import yaml

from schema_catalog.model import Catalog

DEMO_CATALOG_DIR = Path(__file__).parent / "demo"


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load ``catalog.yml``, ``sources.yml``, ``tables/*.yml`` and ``indicators/*.yml``."""
    root = directory or DEMO_CATALOG_DIR
    top = yaml.safe_load((root / "catalog.yml").read_text())
    top["sources"] = yaml.safe_load((root / "sources.yml").read_text())["sources"]
    top["tables"] = [yaml.safe_load(p.read_text()) for p in sorted((root / "tables").glob("*.yml"))]
    top["indicators"] = [
        yaml.safe_load(p.read_text()) for p in sorted((root / "indicators").glob("*.yml"))
    ]
    return Catalog.model_validate(top)
