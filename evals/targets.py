"""What an eval run scores: one target per domain (a catalog, its database, its cases).

- ``--domain NAME`` (repeatable): the bundled domains, each on its own catalog and generated data.
- ``--cases FILE`` or ``--dataset PATH``: your own cases on your catalog and database
  (``--catalog`` / ``--database``, else the workspace's); every case must fit the catalog first.
- Nothing: every bundled domain with datasets, when the workspace runs the demo catalog. A
  workspace on its own catalog gets a clear error instead of the demo's cases scored on its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.case_fit import CaseProblem, fit_problems
from evals.cases import EvalCase, load_cases_file, select_cases
from evals.domains import DEMO, DOMAINS, Domain, domain_database, domain_of_catalog, get_domain
from evals.errors import DatasetError, EvalError
from schema_catalog import Catalog, load_catalog
from schema_catalog.demo import DEFAULT_CUSTOMERS, DEFAULT_SEED, ensure_demo_database
from schema_catalog.synthetic import Progress
from settings import Settings

SHOWN_PROBLEMS = 20
"""At most this many misfits are listed in an error message."""


class CasesDoNotFitError(EvalError):
    """Cases reference tables, columns, values or channels the catalog does not have."""

    def __init__(self, message: str, problems: list[CaseProblem]) -> None:
        super().__init__(message)
        self.problems = problems


class NoDatasetFitsError(EvalError):
    """The workspace's catalog is none of the bundled domains and no case file was given."""


@dataclass(frozen=True)
class Selection:
    """What to evaluate (the CLI's flags)."""

    domains: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    """Bundled dataset names (``dev``, ``heldout_test``) or paths to ``.jsonl`` files."""
    cases_file: Path | None = None
    catalog_dir: Path | None = None
    database: Path | None = None
    category: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Target:
    """One domain's share of a run."""

    domain: str
    catalog: Catalog
    database: Path
    cases: tuple[EvalCase, ...]
    data_label: str = ""
    """How the data was made, for baselines: a generator call, or the file's path."""


def domains_dir(settings: Settings) -> Path:
    """Where generated domain databases are kept: ``<home>/domains``."""
    return settings.home / "domains"


def domain_data(domain: Domain, settings: Settings, progress: Progress | None = None) -> Path:
    """The DuckDB file a domain is evaluated on, generated on first use.

    The demo domain uses the workspace's demo database when the workspace runs the demo catalog;
    every other domain (and the demo, in a workspace on another catalog) uses a generated file
    in ``<home>/domains``, one per generator version.
    """
    if domain is DEMO and settings.catalog_dir is None:
        return ensure_demo_database(settings, progress=progress)
    return domain_database(domain, domains_dir(settings), progress=progress)


def choose_targets(
    settings: Settings, selection: Selection, progress: Progress | None = None
) -> list[Target]:
    """The targets ``selection`` asks for (see the module doc).

    Raises:
        CasesDoNotFitError: own cases that do not fit the catalog (each one named).
        NoDatasetFitsError: a workspace on its own catalog and no case file.
        DatasetError: unknown dataset names, unreadable files, or nothing selected.
        DomainError: an unknown domain.
    """
    files = _case_files(selection)
    if files:
        return [_own_target(settings, selection, files)]
    targets = [
        _domain_target(d, settings, selection, progress) for d in _domains(settings, selection)
    ]
    chosen = [target for target in targets if target.cases]
    if not chosen:
        raise DatasetError(
            "No case selected. Domains with datasets: "
            + ", ".join(
                f"{d.name} ({', '.join(d.datasets())})" for d in DOMAINS.values() if d.datasets()
            )
            + "."
        )
    return chosen


def _case_files(selection: Selection) -> list[Path]:
    paths = [name for name in selection.datasets if name.endswith(".jsonl") or "/" in name]
    if paths and len(paths) != len(selection.datasets):
        raise DatasetError("Give --dataset bundled names or .jsonl files, not both.")
    if (paths or selection.cases_file) and selection.domains:
        raise DatasetError(
            "--cases / --dataset FILE score your own cases on your catalog; drop --domain "
            "(a bundled domain's cases come with it)."
        )
    return [Path(path) for path in paths] + ([selection.cases_file] if selection.cases_file else [])


def _domains(settings: Settings, selection: Selection) -> list[Domain]:
    if selection.domains:
        return [get_domain(name) for name in dict.fromkeys(selection.domains)]
    if settings.catalog_dir is None:
        return [domain for domain in DOMAINS.values() if domain.datasets()]
    catalog = load_catalog(settings.catalog_dir)
    bundled = domain_of_catalog(catalog)
    if bundled is None:
        raise NoDatasetFitsError(
            f"No bundled dataset fits your catalog {catalog.name!r} ({settings.catalog_dir}): "
            f"they are written for the domains {', '.join(DOMAINS)}. Score your own cases with "
            "`perimeter eval --cases FILE` (format: evals/datasets/README.md; check them first "
            "with `perimeter eval check-cases FILE`), or a bundled domain on its own data with "
            "`perimeter eval --domain NAME`."
        )
    return [bundled]


def _domain_target(
    domain: Domain, settings: Settings, selection: Selection, progress: Progress | None
) -> Target:
    names = list(selection.datasets) or domain.datasets()
    unknown = [name for name in selection.datasets if not _in_any_domain(name, selection)]
    if unknown:
        raise DatasetError(
            f"Unknown dataset {unknown[0]!r} for domain(s) "
            f"{', '.join(selection.domains) or 'all'}; {domain.name} has "
            f"{', '.join(domain.datasets()) or 'none'}."
        )
    cases: list[EvalCase] = []
    for name in names:
        if domain.dataset_path(name).is_file():
            loaded = load_cases_file(domain.dataset_path(name))
            cases += select_cases(loaded, selection.category, selection.limit)
    database = domain_data(domain, settings, progress) if cases else Path()
    label = _data_label(domain, settings, database)
    return Target(domain.name, domain.load_catalog(), database, tuple(cases), label)


def _data_label(domain: Domain, settings: Settings, database: Path) -> str:
    if domain is DEMO and settings.catalog_dir is None and settings.database is None:
        return f"generate_demo_data(customers={DEFAULT_CUSTOMERS:_}, seed={DEFAULT_SEED})"
    if database.parent == domains_dir(settings):
        return f"generate_domain_data({domain.name}, size={domain.eval_size}, seed={domain.seed})"
    return str(database)


def _in_any_domain(name: str, selection: Selection) -> bool:
    chosen = [get_domain(n) for n in selection.domains] or list(DOMAINS.values())
    return any(domain.dataset_path(name).is_file() for domain in chosen)


def _own_target(settings: Settings, selection: Selection, files: list[Path]) -> Target:
    catalog_dir = selection.catalog_dir or settings.catalog_dir
    catalog = load_catalog(catalog_dir)
    database = _own_database(settings, selection, catalog_dir)
    cases: list[EvalCase] = []
    for path in files:
        cases += select_cases(load_cases_file(path), selection.category, selection.limit)
    problems = [problem for case in cases for problem in fit_problems(case, catalog)]
    if problems:
        raise CasesDoNotFitError(_misfit_message(problems, catalog, catalog_dir), problems)
    bundled = domain_of_catalog(catalog)
    name = bundled.name if bundled else catalog.name
    return Target(name, catalog, database, tuple(cases), str(database))


def _own_database(settings: Settings, selection: Selection, catalog_dir: Path | None) -> Path:
    if selection.database is not None:
        path = selection.database
    elif catalog_dir is None:
        return ensure_demo_database(settings)
    else:
        path = settings.database_path
    if not path.is_file():
        raise EvalError(
            f"No database at {str(path)!r} for your cases: pass --database PATH (a DuckDB "
            "file) or set PERIMETER_DATABASE."
        )
    return path


def _misfit_message(problems: list[CaseProblem], catalog: Catalog, where: Path | None) -> str:
    cases = len({problem.case_id for problem in problems})
    lines = [problem.render() for problem in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - len(lines)
    tail = [f"… and {more} more"] if more > 0 else []
    return "\n".join(
        [
            f"{cases} case(s) do not fit the catalog {catalog.name!r} "
            f"({where or 'the bundled demo catalog'}):",
            *(f"  {line}" for line in [*lines, *tail]),
            "Fix the cases or point --catalog / --database at the data they were written for; "
            "`perimeter eval check-cases FILE` checks them one by one.",
        ]
    )
