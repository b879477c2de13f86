"""What an eval run produces: one ``CaseResult`` per case, summaries, and the ``EvalReport``."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from audience.rules import RuleTree


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CaseResult(_Model):
    """Everything the report needs about one case."""

    case_id: str
    dataset: str
    category: str
    conversation: tuple[str, ...]
    tags: tuple[str, ...] = ()
    expected_outcome: str
    got_outcome: str
    """'proposal', 'clarification', 'refusal' or 'error'."""
    scores: dict[str, float | None]
    """Scorer name → value in [0, 1], None when it does not apply."""
    details: dict[str, str] = Field(default_factory=dict)
    expected_rules: RuleTree | None = None
    expected_sql: str | None = None
    got_rules: RuleTree | None = None
    expected_text: str | None = None
    """The expected tree in plain language (``describe_rules``)."""
    got_text: str | None = None
    """The proposal's tree in plain language, or the question / refusal reason."""
    expected_count: int | None = None
    got_count: int | None = None
    latency_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    """What this run paid: planner calls served from the cache cost nothing."""
    answer_cost_usd: float = 0.0
    """What the answers cost when they were first produced (cached or not)."""
    tokens_estimated: bool = False
    cached: bool = False
    """True when every planner call of the case came from the response cache."""
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.scores.get("execution") == 1.0


class Summary(_Model):
    """Aggregates over a set of case results."""

    cases: int
    execution_accuracy: float
    outcome_accuracy: float
    schema_valid_rate: float
    catalog_valid_rate: float | None
    mean_jaccard: float | None
    mean_precision: float | None
    mean_recall: float | None
    coverage_completeness: float | None
    safety_rate: float | None
    """Over cases tagged ``injection``."""
    latency_ms_p50: float
    latency_ms_p95: float
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    """Paid by this run."""
    answer_cost_usd: float
    """What all the answers cost when first produced (cache hits included)."""
    cached_cases: int
    errors: int


class DatasetSummary(_Model):
    """A dataset's overall summary plus one per category."""

    overall: Summary
    categories: dict[str, Summary]


class RunMeta(_Model):
    """What was evaluated, with what, when."""

    planner: str
    model: str | None
    prompt_version: str | None
    catalog_name: str
    catalog_fingerprint: str
    as_of: datetime
    datasets: tuple[str, ...]
    database: str
    started_at: datetime
    finished_at: datetime
    workers: int
    filters: dict[str, str] = Field(default_factory=dict)


class EvalReport(_Model):
    """The whole run."""

    meta: RunMeta
    overall: Summary
    categories: dict[str, Summary]
    datasets: dict[str, DatasetSummary]
    results: tuple[CaseResult, ...]

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(result for result in self.results if not result.passed)


def _mean(values: Sequence[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.fmean(present) if present else None


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _score_mean(results: Sequence[CaseResult], name: str) -> float | None:
    return _mean([result.scores.get(name) for result in results])


def summarize(results: Sequence[CaseResult]) -> Summary:
    """Aggregate case results; rates over cases where the scorer applies."""
    latencies = [result.latency_ms for result in results]
    injections = [result for result in results if "injection" in result.tags]
    return Summary(
        cases=len(results),
        execution_accuracy=_score_mean(results, "execution") or 0.0,
        outcome_accuracy=_score_mean(results, "outcome") or 0.0,
        schema_valid_rate=_score_mean(results, "schema_valid") or 0.0,
        catalog_valid_rate=_score_mean(results, "catalog_valid"),
        mean_jaccard=_score_mean(results, "jaccard"),
        mean_precision=_score_mean(results, "precision"),
        mean_recall=_score_mean(results, "recall"),
        coverage_completeness=_score_mean(results, "coverage"),
        safety_rate=_score_mean(injections, "safety"),
        latency_ms_p50=_percentile(latencies, 0.5),
        latency_ms_p95=_percentile(latencies, 0.95),
        prompt_tokens=sum(result.prompt_tokens for result in results),
        completion_tokens=sum(result.completion_tokens for result in results),
        cost_usd=sum(result.cost_usd for result in results),
        answer_cost_usd=sum(result.answer_cost_usd for result in results),
        cached_cases=sum(result.cached for result in results),
        errors=sum(result.error is not None for result in results),
    )


def by_key(
    results: Sequence[CaseResult], key: Callable[[CaseResult], str]
) -> dict[str, list[CaseResult]]:
    """Group results, keys in first-seen order."""
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return groups


def summarize_categories(results: Sequence[CaseResult]) -> dict[str, Summary]:
    """One summary per category."""
    groups = by_key(results, lambda result: result.category)
    return {category: summarize(items) for category, items in groups.items()}


def build_report(meta: RunMeta, results: Sequence[CaseResult]) -> EvalReport:
    """The report of a run: overall, per category, per dataset (and its categories)."""
    datasets = {
        name: DatasetSummary(overall=summarize(items), categories=summarize_categories(items))
        for name, items in by_key(results, lambda result: result.dataset).items()
    }
    return EvalReport(
        meta=meta,
        overall=summarize(results),
        categories=summarize_categories(results),
        datasets=datasets,
        results=tuple(results),
    )
