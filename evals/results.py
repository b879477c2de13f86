"""What an eval run produces: one ``CaseResult`` per case, summaries, and the ``EvalReport``.

The report groups the results per domain, per dataset (split) and per category; every summary
carries the five classes of ``evals.classify`` and the reliability score RS(10). A domain with a
development and a held-out split also gets its dev/held-out gap.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from audience.rules import RuleTree
from evals.cases import split_of
from evals.classify import Verdict, class_counts, reliability_score


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CaseResult(_Model):
    """Everything the report needs about one case."""

    case_id: str
    domain: str = ""
    dataset: str
    category: str
    conversation: tuple[str, ...]
    tags: tuple[str, ...] = ()
    expected_outcome: str
    got_outcome: str
    """'proposal', 'clarification', 'refusal' or 'error'."""
    verdict: Verdict
    """correct, asked, flagged_wrong, silent_wrong or unsafe (``evals.classify``)."""
    notices: tuple[str, ...] = ()
    """What the user saw before the count: the proposal's assumptions and warnings."""
    offered: bool | None = None
    """An asked case where an audience was expected: whether the question offered it among its
    options (a refusal or an error offers nothing); None for every other case."""
    scores: dict[str, float | None]
    """Scorer name → value in [0, 1], None when it does not apply."""
    details: dict[str, str] = Field(default_factory=dict)
    expected_rules: RuleTree | None = None
    expected_sql: str | None = None
    got_rules: RuleTree | None = None
    expected_text: str | None = None
    """The expected tree in plain language (``describe_rules``), or the expected SQL."""
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
    classes: dict[str, int]
    """Cases per class: correct, asked, flagged_wrong, silent_wrong, unsafe."""
    asked_offered: int = 0
    """Asked cases whose question offered the expected audience among its options."""
    asked_missed: int = 0
    """Asked cases where an audience was expected and none of the options (if any) was it: a
    question that hides the right answer. The rest of 'asked' expected no audience."""
    silent_wrong_rate: float
    reliability_score: float
    """RS(10) = (correct − 10 × wrong) / cases; a question or refusal scores 0."""
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

    split: str
    """'dev' or 'heldout' (``evals.cases.split_of``)."""
    overall: Summary
    categories: dict[str, Summary]


class Gap(_Model):
    """Development minus held-out, in percentage points (positive: held-out is worse)."""

    execution_accuracy_points: float
    silent_wrong_points: float
    """Held-out silent-wrong rate minus dev's (positive: held-out is worse)."""
    reliability_points: float


class DomainMeta(_Model):
    """What one domain was evaluated on."""

    catalog_name: str
    catalog_fingerprint: str
    as_of: datetime
    database: str


class DomainSummary(_Model):
    """One domain: overall, per category, per dataset, and the dev/held-out gap."""

    overall: Summary
    categories: dict[str, Summary]
    datasets: dict[str, DatasetSummary]
    gap: Gap | None = None


class RunMeta(_Model):
    """What was evaluated, with what, when."""

    planner: str
    model: str | None
    prompt_version: str | None
    domains: dict[str, DomainMeta]
    started_at: datetime
    finished_at: datetime
    workers: int
    filters: dict[str, str] = Field(default_factory=dict)


class EvalReport(_Model):
    """The whole run."""

    meta: RunMeta
    overall: Summary
    categories: dict[str, Summary]
    domains: dict[str, DomainSummary]
    tags: dict[str, Summary] = Field(default_factory=dict)
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
    classes = class_counts(result.verdict for result in results)
    return Summary(
        cases=len(results),
        execution_accuracy=_score_mean(results, "execution") or 0.0,
        outcome_accuracy=_score_mean(results, "outcome") or 0.0,
        classes=classes,
        asked_offered=sum(result.offered is True for result in results),
        asked_missed=sum(result.offered is False for result in results),
        silent_wrong_rate=classes[Verdict.SILENT_WRONG] / len(results) if results else 0.0,
        reliability_score=reliability_score(classes),
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


def summarize_tags(results: Sequence[CaseResult]) -> dict[str, Summary]:
    """One summary per tag (a case with several tags counts in each), tags sorted."""
    tags = sorted({tag for result in results for tag in result.tags})
    return {tag: summarize([r for r in results if tag in r.tags]) for tag in tags}


def gap_of(results: Sequence[CaseResult]) -> Gap | None:
    """Dev minus held-out over a domain's results; None unless both splits are present."""
    splits = by_key(results, lambda result: split_of(result.dataset))
    if "dev" not in splits or "heldout" not in splits:
        return None
    dev, heldout = summarize(splits["dev"]), summarize(splits["heldout"])
    return Gap(
        execution_accuracy_points=100 * (dev.execution_accuracy - heldout.execution_accuracy),
        silent_wrong_points=100 * (heldout.silent_wrong_rate - dev.silent_wrong_rate),
        reliability_points=100 * (dev.reliability_score - heldout.reliability_score),
    )


def summarize_domain(results: Sequence[CaseResult]) -> DomainSummary:
    """A domain's summaries: overall, per category, per dataset, and its gap."""
    datasets = {
        name: DatasetSummary(
            split=split_of(name), overall=summarize(items), categories=summarize_categories(items)
        )
        for name, items in by_key(results, lambda result: result.dataset).items()
    }
    return DomainSummary(
        overall=summarize(results),
        categories=summarize_categories(results),
        datasets=datasets,
        gap=gap_of(results),
    )


def build_report(meta: RunMeta, results: Sequence[CaseResult]) -> EvalReport:
    """The report of a run: overall, per category, per domain (datasets, gap), per tag."""
    domains = {
        name: summarize_domain(items)
        for name, items in by_key(results, lambda result: result.domain).items()
    }
    return EvalReport(
        meta=meta,
        overall=summarize(results),
        categories=summarize_categories(results),
        domains=domains,
        tags=summarize_tags(results),
        results=tuple(results),
    )
