"""Generate the demo brand's DuckDB database: deterministic from a seed, SQL-driven, atomic.

The tables come from the bundled catalog and are filled by the statements of ``data_sql`` through
``schema_catalog.synthetic.write_database`` (shared with the eval domains' generators), so the
data cannot drift from the catalog and a crash never leaves a half-written database behind.
"""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from schema_catalog.demo.data_sql import MACROS, STEPS
from schema_catalog.loader import load_catalog
from schema_catalog.synthetic import (
    Progress,
    SyntheticDataError,
    snapshot_instants,
    write_database,
)
from settings import Settings

DEFAULT_CUSTOMERS = 100_000
DEFAULT_SEED = 42
SNAPSHOT_VARIABLES = {
    "churn_at": "churn_risk",
    "appetite_at": "category_appetite",
    "value_at": "predicted_value",
}
"""DuckDB variable → snapshot indicator whose ``computed_at`` it holds (epoch seconds)."""


class DemoDataError(SyntheticDataError):
    """The demo database could not be generated (bad arguments, disk, DuckDB failure)."""


class DemoDataReport(BaseModel):
    """What ``generate_demo_data`` wrote."""

    model_config = ConfigDict(frozen=True)

    path: Path
    customers: int
    seed: int
    seconds: float
    file_bytes: int
    row_counts: dict[str, int]


def generate_demo_data(
    path: Path,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    threads: int | None = None,
) -> DemoDataReport:
    """Write the demo brand's database to ``path`` (replacing it atomically).

    The same ``customers`` and ``seed`` give the same rows in the same order whatever ``threads``.

    Args:
        path: Destination DuckDB file; its folder is created if missing.
        customers: Number of customer profiles (events scale with it).
        seed: Seed of every pseudo-random draw.
        progress: Optional callback ``(step_label, fraction_done)``.
        threads: DuckDB worker threads; None lets DuckDB decide.

    Raises:
        DemoDataError: ``customers`` is not positive, or DuckDB failed.
    """
    if customers < 1:
        raise DemoDataError(f"customers must be at least 1, got {customers!r}.")
    started = time.perf_counter()
    catalog = load_catalog()
    instants = snapshot_instants(catalog, SNAPSHOT_VARIABLES)
    variables = {"seed": seed, "n": customers, **instants}
    try:
        counts = write_database(
            path,
            catalog,
            STEPS,
            variables=variables,
            macros=MACROS,
            progress=progress,
            threads=threads,
        )
    except SyntheticDataError as error:
        raise DemoDataError(f"Demo data: {error}") from error
    return DemoDataReport(
        path=path,
        customers=customers,
        seed=seed,
        seconds=round(time.perf_counter() - started, 3),
        file_bytes=path.stat().st_size,
        row_counts=counts,
    )


def ensure_demo_database(settings: Settings, *, progress: Progress | None = None) -> Path:
    """Return ``settings.database_path``, generating the default demo database there if missing.

    Only the demo (no catalog folder, no database of one's own) gets demo data: a database the
    user configured (``PERIMETER_DATABASE``) is never generated, and a catalog folder of one's
    own (``PERIMETER_CATALOG_DIR``) never runs on the demo database.

    Raises:
        DemoDataError: a configured database is missing, a catalog folder has no database, or
            generation failed.
    """
    path = settings.database_path
    if settings.database is None and settings.catalog_dir is not None:
        raise DemoDataError(
            f"The catalog in {str(settings.catalog_dir)!r} has no database.",
            hint="Set PERIMETER_DATABASE to the DuckDB file your catalog describes.",
        )
    if path.exists():
        return path
    if settings.database is not None:
        demo = " or unset it to use the generated demo database" * (settings.catalog_dir is None)
        raise DemoDataError(
            f"Database {str(path)!r} does not exist.", hint=f"Fix PERIMETER_DATABASE{demo}."
        )
    generate_demo_data(path, customers=DEFAULT_CUSTOMERS, progress=progress)
    return path
