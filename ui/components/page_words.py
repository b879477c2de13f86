"""The Catalog and Evals pages' words, per language: the ``catalog`` and ``evals`` sections of
``languages/<code>/app.yml`` (``app_words`` reads the file).

The pages name table columns, kinds, cadences… by code (``source``, ``execution_accuracy``) and
read them through ``of``; every phrase is a required field, so a pack missing one fails when it
is read, naming its file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ui.components.build_words import Words

Cell = TypeVar("Cell")


class Coded(Words):
    """A section whose field names are codes (a column, a kind, a cadence…)."""

    def of(self, code: str) -> str:
        """The phrase for ``code``; a code the pack has no phrase for (a new split in a
        report) is shown as written."""
        return str(getattr(self, code, code))

    def head(self, cells: Mapping[str, Cell]) -> dict[str, Cell]:
        """A table row keyed by codes, keyed by their phrases (the columns' headers)."""
        return {self.of(code): value for code, value in cells.items()}


class CatalogColumns(Coded):
    """``catalog.columns``: the headers of the Catalog page's tables."""

    source: str
    name: str
    label: str
    refresh: str
    last_refreshed: str
    description: str
    table: str
    kind: str
    sources: str
    joins_on: str
    when: str
    field: str
    type: str
    synonyms: str
    allowed_values: str
    pii: str
    indicator: str
    mode: str
    freshness: str
    values: str
    cadence: str
    computed_at: str
    channel: str
    consent: str
    contact: str
    restriction: str
    protected: str
    reason: str
    topic: str
    severity: str
    where: str
    problem: str


class AsOfSources(Coded):
    """``catalog.as_of_source``: where the data's 'now' comes from, per ``as_of`` mode."""

    fixed: str
    latest: str
    now: str


class TableKinds(Coded):
    """``catalog.kinds``: a table's kind."""

    profile: str
    attribute: str
    event: str


class Relationships(Coded):
    """``catalog.relationships``: how many rows of a table belong to one person."""

    one_to_one: str
    one_to_many: str


class Types(Coded):
    """``catalog.types``: a column's type, and an indicator's."""

    string: str
    integer: str
    decimal: str
    boolean: str
    date: str
    timestamp: str
    number: str
    category: str


class Modes(Coded):
    """``catalog.modes``: how an indicator is computed."""

    dynamic: str
    snapshot: str


class Cadences(Coded):
    """``catalog.cadences``: how often a source or a snapshot is refreshed."""

    realtime: str
    hourly: str
    daily: str
    weekly: str
    monthly: str


class Severities(Coded):
    """``catalog.severities``: how bad a catalog check's issue is."""

    error: str
    warning: str
    info: str


class CatalogWords(Words):
    """``catalog``: the Catalog page (where the data comes from, what each field means)."""

    as_of: str
    as_of_source: AsOfSources
    sources: str
    indicators: str
    tables: str
    fields_of: str
    channels: str
    policy: str
    profile: str
    columns: CatalogColumns
    kinds: TableKinds
    relationships: Relationships
    types: Types
    modes: Modes
    cadences: Cadences
    dynamic: str
    snapshot: str
    untranslated: str
    """{text} {language}: the catalog's own words where it has none in the page's language."""
    targeting: str
    no_restriction: str
    topics: str
    checks: str
    no_issue: str
    severities: Severities


class EvalsSummary(Coded):
    """``evals.summary``: the figures of one dataset."""

    cases: str
    execution_accuracy: str
    silent_wrong: str
    reliability: str


class EvalsColumns(Coded):
    """``evals.columns``: the per-category table, with the five classes."""

    category: str
    cases: str
    exec: str
    correct: str
    asked: str
    flagged_wrong: str
    silent_wrong: str
    unsafe: str


class PlannerColumns(Coded):
    """``evals.planner_columns``: the per-planner table."""

    planner: str
    model: str
    finished: str
    cases: str
    execution_accuracy: str


class Splits(Coded):
    """``evals.splits``: a dataset's split."""

    dev: str
    heldout: str


class RunFacts(Coded):
    """``evals.meta``: the facts of an eval run."""

    planner: str
    model: str
    prompt_version: str
    finished_at: str


class Outcomes(Coded):
    """``evals.outcomes``: how a case ended."""

    proposal: str
    clarification: str
    refusal: str


class EvalsWords(Words):
    """``evals``: the Evals page (development and held-out side by side, never mixed)."""

    classes_help: str
    unreadable: str
    no_report: str
    domain: str
    splits: Splits
    split: str
    summary: EvalsSummary
    columns: EvalsColumns
    gap: str
    meta: RunFacts
    planners: str
    planner_columns: PlannerColumns
    failures: str
    request: str
    expected: str
    got: str
    outcomes: Outcomes
    download: str
