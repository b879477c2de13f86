"""Generate a domain's DuckDB file, and keep one per generator version in a cache folder.

A domain's generator module exposes ``MACROS`` (its own DuckDB macros), ``STEPS`` (labelled SQL,
run in order) and ``SNAPSHOT_VARIABLES`` (DuckDB variable → snapshot indicator whose
``computed_at`` it holds); ``schema_catalog.synthetic.write_database`` runs them. The cached file's
name carries a digest of the generator's SQL and of the catalog, so a changed generator or catalog
never serves stale data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from evals.domains.registry import Domain
from evals.errors import DomainError
from schema_catalog.synthetic import (
    BASE_MACROS,
    Progress,
    Step,
    SyntheticDataError,
    snapshot_instants,
    write_database,
)


def generate_domain_data(
    domain: Domain,
    path: Path,
    *,
    size: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    threads: int | None = None,
) -> dict[str, int]:
    """Write ``domain``'s data to ``path`` (atomically); returns the row count per table.

    Args:
        domain: The domain.
        path: Destination DuckDB file.
        size: Profiles to generate; default ``domain.eval_size``.
        seed: Seed of every draw; default ``domain.seed``.
        progress: Optional callback ``(step_label, fraction_done)``.
        threads: DuckDB worker threads; None lets DuckDB decide.

    Raises:
        DomainError: ``size`` is not positive, or generation failed.
    """
    count = domain.eval_size if size is None else size
    if count < 1:
        raise DomainError(f"size must be at least 1, got {count!r}.")
    catalog = domain.load_catalog()
    module = domain.generator_module()
    instants = snapshot_instants(catalog, module.SNAPSHOT_VARIABLES)
    variables = {"seed": domain.seed if seed is None else seed, "n": count, **instants}
    try:
        return write_database(
            path,
            catalog,
            module.STEPS,
            variables=variables,
            macros=module.MACROS,
            progress=progress,
            threads=threads,
        )
    except SyntheticDataError as error:
        raise DomainError(f"Domain {domain.name!r}: {error}") from error


def generator_digest(domain: Domain) -> str:
    """12 hex digits over the generator's SQL and the catalog's fingerprint."""
    module = domain.generator_module()
    steps: tuple[Step, ...] = module.STEPS
    material = "\n".join(
        [
            BASE_MACROS,
            module.MACROS,
            *(sql for _, sql in steps),
            domain.load_catalog().fingerprint(),
        ]
    )
    return hashlib.sha256(material.encode()).hexdigest()[:12]


def cached_database_path(domain: Domain, cache_dir: Path, size: int, seed: int) -> Path:
    """``<cache_dir>/<domain>-<size>-s<seed>-<digest>.duckdb``."""
    return cache_dir / f"{domain.name}-{size}-s{seed}-{generator_digest(domain)}.duckdb"


def domain_database(
    domain: Domain,
    cache_dir: Path,
    *,
    size: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """The domain's database in ``cache_dir``, generated first when missing.

    Two processes asking at once both generate and the last rename wins; both files are identical.
    """
    count = domain.eval_size if size is None else size
    chosen_seed = domain.seed if seed is None else seed
    path = cached_database_path(domain, cache_dir, count, chosen_seed)
    if not path.is_file():
        generate_domain_data(domain, path, size=count, seed=chosen_seed, progress=progress)
    return path
