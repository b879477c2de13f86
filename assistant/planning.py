"""The planning pipeline: prepare → plan (within a time budget) → validate → coverage and trust
checks → count.

``prepare_request`` is the boundary every request crosses before any planner or safety check
sees it: Unicode NFKC (full-width and compatibility forms folded), zero-width and other invisible
format characters removed, Cyrillic or Greek lookalikes inside Latin words written in Latin,
whitespace collapsed, and a length cap (``MAX_REQUEST_CHARS``), so
"mi\u200bnors" is read as "minors" and a 64 KB paste is refused at once, not parsed for a minute.

``plan`` runs any planner (the offline parser by default), passes every proposal through the rule
validator, attaches validator warnings and trust flags to ``Proposal.issues``, and raises
``PlanningError`` rather than return a proposal the validator rejects. Given a ``counter`` (the
engine's count, passed in by the CLI, the UI and the evals so that planners stay free of
databases), it counts the proposal — flagging an empty audience or one far from the size the
request stated — and every clarification option, dropping options the validator rejects.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from assistant.contract import (
    Clarification,
    ClarificationOption,
    Conversation,
    CoverageItem,
    Planner,
    Proposal,
    Refusal,
    TimedPlanner,
    Usage,
)
from assistant.coverage import (
    content_issues,
    coverage_issues,
    read_request,
    refinement_issues,
)
from assistant.edit_scope import edit_issues
from assistant.errors import PlanningError, RequestRejectedError
from assistant.explain import explain_rules, language_of, request_language
from assistant.policy import policy_refusal, topic_refusal
from assistant.readings import reading_issues
from assistant.trust import consent_refusal, contradiction_issues, size_issues
from assistant.unknowns import unknown_issues
from audience import BudgetExceededError, within_budget
from audience.rules import ChangeVerb, RuleTree, change_note
from audience.validate import validate_rules
from languages import DEFAULT_LANG, Lang, say
from schema_catalog import Catalog, Issue

MAX_REQUEST_CHARS = 1_000
"""The longest request planned: a real audience request is a sentence or a short paragraph; a
longer text is usually a pasted document, which no planner should read as one audience."""

Result = Proposal | Clarification | Refusal
Counter = Callable[[RuleTree], int]
"""Counts the members of a rule tree on the current data (the engine's count)."""

MAX_REQUEST_CHARS = 2_000
"""Longest request planned (a request is a sentence or a paragraph, not a document)."""
PLAN_BUDGET_S = 120.0
"""Wall-clock budget of one planning call (above an LLM's own request timeout)."""


def prepare_request(request: str) -> str:
    """The request as planners and safety checks see it (see the module doc).

    >>> prepare_request("ｍｉ\u200bnors  in\tLyon")
    'minors in Lyon'

    Raises:
        RequestRejectedError: empty once cleaned, or longer than ``MAX_REQUEST_CHARS``.
    """
    if len(request) > 4 * MAX_REQUEST_CHARS:
        raise _too_long(len(request))
    text = unicodedata.normalize("NFKC", request)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(_unspoofed(word) for word in text.split())
    if len(text) > MAX_REQUEST_CHARS:
        raise _too_long(len(text))
    if not text:
        raise RequestRejectedError(say("request_empty"), hint=say("describe_in_words"))
    return text


_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁԛԝүАВЕКМНОРСТХУІЈЅαονριкυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwyABEKMHOPCTXYIJSaovpikuABEZHIKMNOPTYX",
)
"""Cyrillic and Greek letters drawn like Latin ones."""


def _unspoofed(word: str) -> str:
    """A word mixing Latin letters with Cyrillic or Greek lookalikes, written in Latin letters
    ('сancer' with a Cyrillic 'с' is 'cancer'); words of one script are left as they are.

    >>> _unspoofed("und\u0435r"), _unspoofed("\u0441\u043e\u043a")
    ('under', 'сок')
    """
    folded = word.translate(_LOOKALIKES)
    mixed = folded != word and any("a" <= ch.lower() <= "z" for ch in word)
    return folded if mixed else word


def _too_long(length: int) -> RequestRejectedError:
    message = say("request_too_long", length=length, most=MAX_REQUEST_CHARS)
    return RequestRejectedError(message, hint=say("describe_in_sentences"))


def default_planner() -> Planner:
    """The offline planner (no network, deterministic)."""
    from assistant.offline import OfflinePlanner

    return OfflinePlanner()


def validate_proposal(tree: RuleTree, catalog: Catalog) -> list[Issue]:
    """Validator issues for ``tree``."""
    return validate_rules(tree, catalog)


def planning_budget(planner: Planner) -> float:
    """Seconds one plan may take: the backstop ``PLAN_BUDGET_S``, or longer when a model
    planner's own timeouts allow more (a slow local model must not be cut off before them)."""
    if isinstance(planner, TimedPlanner):
        return max(PLAN_BUDGET_S, planner.time_limit_s)
    return PLAN_BUDGET_S


def warm_up(catalog: Catalog) -> None:
    """Load what the first request on ``catalog`` would otherwise wait for, whatever the
    planner: the language packs and the catalog's lexicon (each built once per process; the
    coverage check and the expected size read them too)."""
    from assistant.offline.lexicon import lexicon_for

    lexicon_for(catalog)


def plan(
    request: str,
    conversation: Conversation | None,
    catalog: Catalog,
    planner: Planner | None = None,
    counter: Counter | None = None,
    *,
    budget_s: float | None = None,
) -> Result:
    """Plan ``request`` (prepared by ``prepare_request``) in the context of ``conversation``.

    Args:
        request: the user's words.
        conversation: earlier turns (refinements change ``conversation.last_rules``), or None.
        catalog: the catalog the rules must be grounded in.
        planner: defaults to the offline planner.
        counter: counts a tree's members; when given, proposals and options carry their count
            and an empty audience or one far from the stated size is flagged.

    Returns:
        A proposal (validated, with warnings and trust flags in ``issues``), a clarification
        (options validated and counted) or a refusal — also when the request names a sensitive
        topic or the rules break the catalog's targeting policy (``assistant.policy``).

    Raises:
        PlanningError: the proposal has validator errors; they are on ``error.issues``.
        RequestRejectedError: the request is empty, too long, or planning ran past
            ``budget_s`` seconds (default: ``planning_budget(planner)``).
    """
    chosen = planner or default_planner()
    text, history = prepare_request(request), conversation or Conversation()
    started = time.perf_counter()
    try:
        result = topic_refusal(text, catalog) or within_budget(
            planning_budget(chosen) if budget_s is None else budget_s,
            "planning",
            lambda: chosen.plan(text, history, catalog),
        )
    except BudgetExceededError as error:
        raise RequestRejectedError(error.wording, hint=say("shorten_request")) from error
    elapsed = (time.perf_counter() - started) * 1000
    result = result.model_copy(update={"usage": _usage(result.usage, elapsed, chosen.name)})
    if isinstance(result, Proposal):
        refusal = consent_refusal(result, catalog) or policy_refusal(
            validate_proposal(result.rules, catalog)
        )
        if refusal is not None:
            return refusal.model_copy(update={"usage": result.usage})
        return check_proposal(
            result,
            catalog,
            planner_name=chosen.name,
            counter=counter,
            request=text,
            history=history if history.last_rules is not None else None,
        )
    if isinstance(result, Clarification):
        return check_options(result, catalog, counter)
    return result


def _usage(usage: Usage | None, elapsed_ms: float, name: str) -> Usage:
    if usage is None:
        return Usage(latency_ms=elapsed_ms, model=name)
    return usage.model_copy(update={"latency_ms": max(usage.latency_ms, elapsed_ms)})


def check_proposal(
    proposal: Proposal,
    catalog: Catalog,
    *,
    planner_name: str = "",
    counter: Counter | None = None,
    request: str = "",
    history: Conversation | None = None,
) -> Proposal:
    """Validate, coverage-check, trust-check and (with ``counter``) count a proposal.

    ``request`` given, a planner other than the offline parser (whose coverage is this very
    reading) has its coverage map checked against the offline reading of the request, and every
    planner's proposal has its reading checked (``assistant.readings``). ``history`` given (the
    conversation a follow-up continues), each change to its last tree must be named by the
    follow-up (``assistant.edit_scope``); for a refinement, the earlier turns' words are checked
    to still have rules and the edited tree's notices are carried while its rules stand.

    Raises:
        PlanningError: the validator found errors.
    """
    issues = validate_proposal(proposal.rules, catalog)
    errors = [issue for issue in issues if issue.is_error]
    if errors:
        codes = ", ".join(sorted({issue.code for issue in errors}))
        raise PlanningError(
            f"The {planner_name or 'planner'} proposed rules the validator rejects ({codes}). "
            "Rephrase the request or edit the rules by hand.",
            issues,
        )
    count = counter(proposal.rules) if counter is not None else proposal.count
    understood = read_request(request, catalog) if request and planner_name != "offline" else None
    expected = proposal.expected_size or (understood.parse.expected_size if understood else None)
    flagged = (
        *proposal.issues,
        *issues,
        *coverage_issues(proposal),
        *(content_issues(request, proposal, catalog, understood) if understood else ()),
        *reading_issues(request, proposal, catalog, understood),
        *(_follow_up_issues(history, request, proposal, catalog) if history else ()),
        *contradiction_issues(proposal.rules, proposal.language),
        *unknown_issues(proposal.rules, catalog, proposal.language),
        *size_issues(count, expected, catalog, proposal.language),
    )
    update = {"issues": tuple(dict.fromkeys(flagged)), "count": count, "expected_size": expected}
    return proposal.model_copy(update=update)


def _follow_up_issues(
    history: Conversation, request: str, proposal: Proposal, catalog: Catalog
) -> list[Issue]:
    """A follow-up's checks: changes to the previous tree that it does not name; for an edit,
    the earlier turns' words that lost their rule and the edited tree's notices carried."""
    edited = refinement_issues(history, request, proposal, catalog) if proposal.changes else []
    return [*edited, *edit_issues(history, request, proposal, catalog)]


def check_options(
    clarification: Clarification, catalog: Catalog, counter: Counter | None = None
) -> Clarification:
    """Keep the options whose tree the validator accepts; count them when ``counter`` is given."""
    options: list[ClarificationOption] = []
    for option in clarification.options:
        if option.rules is None:
            options.append(option)
        elif not any(issue.is_error for issue in validate_proposal(option.rules, catalog)):
            count = counter(option.rules) if counter is not None else option.count
            options.append(option.model_copy(update={"count": count}))
    return clarification.model_copy(update={"options": tuple(options)})


def choose_option(
    clarification: Clarification,
    option: ClarificationOption,
    catalog: Catalog,
    counter: Counter | None = None,
) -> Proposal:
    """The proposal a picked option stands for: its tree as is, explained and checked.

    Raises:
        PlanningError: the option has no tree (a text option is planned as a new request) or
            its tree fails validation.
    """
    if option.rules is None:
        raise PlanningError(f"The option {option.label!r} has no rules; plan its request instead.")
    paths = [f"root.rules[{index}]" for index in range(len(option.rules.root.rules))]
    language = language_of(clarification.language)
    proposal = Proposal(
        rules=option.rules,
        explanation=explain_rules(option.rules, catalog, language),
        coverage=tuple(CoverageItem(phrase=option.label, rule_path=path) for path in paths),
        language=clarification.language,
        changes=(change_note(ChangeVerb.CHOSEN, catalog, after=option.label, lang=language),),
    )
    return check_proposal(proposal, catalog, planner_name="option", counter=counter)


def explain(
    proposal: Proposal, catalog: Catalog, language: Lang | None = None, request: str = ""
) -> str:
    """The plain-language explanation of a proposal's rules, in ``language`` or the request's."""
    chosen = language or (request_language(request) if request else DEFAULT_LANG)
    return explain_rules(proposal.rules, catalog, chosen)
