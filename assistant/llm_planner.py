"""The OpenAI-compatible planner: prompt → model → parse → validate → repair, at most twice.

Works against OpenAI (strict structured outputs, ``response_format="json_schema"``) and against
servers that take ``{"type": "json_object", "schema": ...}`` (llama.cpp, Ollama, vLLM). Every
answer is parsed into the envelope, re-validated by pydantic into the rule tree, and checked by
the catalog validator. Problems go back to the model as a user message listing the issues (the
instructor ``reask`` / pydantic-ai ``ModelRetry`` pattern); after ``max_repairs`` retries the last
issues travel on :class:`RepairExhaustedError`.

HTTP failures are translated once, here: rate limits and server errors are first retried by the
``openai`` client (``max_retries``, exponential backoff, ``Retry-After`` honoured), then surface
as :class:`ModelCallError`; timeouts as :class:`ModelTimeoutError`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

import openai

from assistant.contract import Clarification, Conversation, Proposal, Refusal, Usage
from assistant.errors import ModelCallError, ModelTimeoutError, RepairExhaustedError
from assistant.explain import explain_rules, request_language
from assistant.fewshot_pool import pool
from assistant.policy import policy_refusal
from assistant.prompt import (
    COMPACT_INSTRUCTIONS,
    DEFAULT_CATALOG_BUDGET,
    SYSTEM_INSTRUCTIONS,
    CatalogText,
    ChatMessage,
    Prompt,
    build_compact_prompt,
    build_prompt,
)
from assistant.schema import (
    JsonSchema,
    PlanOutput,
    output_schema,
    parse_output,
    response_format,
    to_plan_result,
)
from assistant.small_model import compact_output_schema
from assistant.tokens import (
    PRICES,
    ModelPrice,
    cost_usd,
    count_message_tokens,
    count_tokens,
    encoding_name_for_model,
)
from audience.validate import validate_rules
from schema_catalog import Catalog, Issue, has_errors

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
    from openai.types.shared_params import ResponseFormatJSONSchema

PlanResult = Proposal | Clarification | Refusal
ResponseMode = Literal["json_schema", "json_object"]

REPAIR_PREAMBLE = (
    "Your answer was rejected. Fix every problem below and answer again with the complete JSON "
    "object (same schema, catalog names only):"
)


@dataclass(frozen=True)
class ModelProfile:
    """How the planner talks to a model: schema and prompt variants, answer length.

    The default suits large models (OpenAI); :data:`SMALL_MODEL_PROFILE` suits a ~100M-parameter
    local model behind a grammar-constrained server.
    """

    schema: Literal["strict", "compact"] = "strict"
    """'strict': every key, OpenAI strict form; 'compact': per-status shapes, catalog values."""
    prompt: Literal["full", "compact"] = "full"
    """'full': the complete instructions; 'compact': a dozen lines."""
    catalog_text: CatalogText = "full"
    """With the compact prompt: 'names' (names and values) or 'full' (descriptions, synonyms)."""
    examples: int | None = None
    """Few-shot examples kept with the compact prompt (None: all that apply)."""
    nearest_examples: bool = False
    """Pick the examples closest to the request (a pool of short ones), not fixed ones."""
    max_tokens: int | None = None
    """Cap on one answer's tokens (None: the server's default)."""


SMALL_MODEL_PROFILE = ModelProfile(
    schema="compact",
    prompt="compact",
    catalog_text="names",
    examples=5,
    nearest_examples=True,
    max_tokens=400,
)
"""Chosen by measurement on the dev split: see ``bench/local_llm.md``."""


@dataclass(frozen=True)
class _Reply:
    """One model answer, reduced to what the loop needs."""

    content: str
    refusal: str | None
    prompt_tokens: int | None
    completion_tokens: int | None


@dataclass
class _Meter:
    """Tokens and time across the attempts of one plan."""

    model: str
    prices: Mapping[str, ModelPrice]
    encoding: str
    started: float = field(default_factory=time.perf_counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0

    def add(self, reply: _Reply, sent: Sequence[ChatMessage]) -> None:
        """Count one call: the server's usage, or a tiktoken estimate when it sent none."""
        self.attempts += 1
        estimated_prompt = reply.prompt_tokens is None
        self.prompt_tokens += (
            count_message_tokens(sent, self.encoding)
            if estimated_prompt
            else int(reply.prompt_tokens or 0)
        )
        self.completion_tokens += (
            count_tokens(reply.content, self.encoding)
            if reply.completion_tokens is None
            else reply.completion_tokens
        )

    def usage(self) -> Usage:
        cost = cost_usd(self.model, self.prompt_tokens, self.completion_tokens, self.prices)
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cost_usd=cost,
            latency_ms=(time.perf_counter() - self.started) * 1000,
            attempts=self.attempts,
            model=self.model,
        )


class LLMPlanner:
    """A planner backed by any OpenAI-compatible chat-completions endpoint.

    Args:
        client: an ``openai.OpenAI`` client (its ``max_retries`` governs 429/5xx retries).
        model: model name sent to the server, also the key of the price table.
        name: planner name shown in results and evals ('openai' or 'local').
        response_format: 'json_schema' (OpenAI strict) or 'json_object' (llama.cpp, Ollama, vLLM).
        max_repairs: how many times validator issues are sent back before giving up.
        timeout: seconds per HTTP request.
        prices: USD per million tokens per model.
        catalog_budget: tokens the rendered catalog may take in the prompt.
        temperature: sampling temperature; None leaves the server default.
        profile: schema and prompt variants and the answer cap (see :class:`ModelProfile`).
    """

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        name: str = "openai",
        response_format: ResponseMode = "json_schema",
        max_repairs: int = 2,
        timeout: float = 60.0,
        prices: Mapping[str, ModelPrice] = PRICES,
        catalog_budget: int = DEFAULT_CATALOG_BUDGET,
        temperature: float | None = 0.0,
        profile: ModelProfile = ModelProfile(),
    ) -> None:
        self.client = client
        self.model = model
        self.name = name
        self.response_format: ResponseMode = response_format
        self.max_repairs = max_repairs
        self.timeout = timeout
        self.prices = prices
        self.catalog_budget = catalog_budget
        self.temperature = temperature
        self.profile = profile

    @property
    def time_limit_s(self) -> float:
        """The longest one plan may take: each call (the answer and every repair) may use the
        HTTP timeout, once per client retry."""
        return self.timeout * (self.max_repairs + 1) * (self.client.max_retries + 1)

    @property
    def prompt_version(self) -> str:
        """A digest of everything that shapes the prompt and the schema (keys eval caches)."""
        full = self.profile.prompt == "full"
        instructions = SYSTEM_INSTRUCTIONS if full else COMPACT_INSTRUCTIONS
        examples = [example.answer.model_dump(mode="json") for example in pool()]
        text = json.dumps([instructions, examples, repr(self.profile), self.max_repairs])
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:12]

    def plan(self, request: str, conversation: Conversation, catalog: Catalog) -> PlanResult:
        """Turn a request into a validated proposal, a clarification or a refusal.

        Raises:
            RepairExhaustedError: still invalid after ``max_repairs`` repairs; carries the issues.
            ModelTimeoutError: the server did not answer in time.
            ModelCallError: the server could not be reached or kept failing.
        """
        encoding = encoding_name_for_model(self.model)
        prompt = self._prompt(request, conversation, catalog, encoding)
        compact = self.profile.schema == "compact"
        schema = (compact_output_schema if compact else output_schema)(prompt.catalog)
        messages = list(prompt.messages)
        meter = _Meter(self.model, self.prices, encoding)
        issues: list[Issue] = []
        for _ in range(self.max_repairs + 1):
            reply = self._complete(messages, schema)
            meter.add(reply, messages)
            if reply.refusal:
                return Refusal(reason=reply.refusal, category="unsafe", usage=meter.usage())
            output, issues = check_answer(reply.content, catalog)
            refusal = policy_refusal(issues)  # the policy forbids it: refuse, never repair away
            if refusal is not None:
                return refusal.model_copy(update={"usage": meter.usage()})
            if output is not None:
                # Validator warnings are attached once, by planning.plan's check_proposal.
                return _explained(to_plan_result(output, meter.usage()), request, catalog)
            messages += [
                {"role": "assistant", "content": reply.content},
                {"role": "user", "content": repair_message(issues)},
            ]
        raise RepairExhaustedError(
            f"The model {self.model!r} still gave an invalid answer after {self.max_repairs} "
            f"repairs ({len(issues)} issues). Rephrase the request or try another model.",
            issues,
        )

    def _prompt(
        self, request: str, conversation: Conversation, catalog: Catalog, encoding: str
    ) -> Prompt:
        if self.profile.prompt == "full":
            return build_prompt(
                request, conversation, catalog, budget=self.catalog_budget, encoding=encoding
            )
        return build_compact_prompt(
            request,
            conversation,
            catalog,
            budget=self.catalog_budget,
            encoding=encoding,
            catalog_text=self.profile.catalog_text,
            examples=self.profile.examples,
            nearest=self.profile.nearest_examples,
        )

    def _complete(self, messages: list[ChatMessage], schema: JsonSchema) -> _Reply:
        try:
            completion = self._request(messages, schema)
        except openai.APITimeoutError as error:
            raise ModelTimeoutError(
                f"The model server did not answer within {self.timeout:g} s (model "
                f"{self.model!r}). Raise PERIMETER_REQUEST_TIMEOUT or use a faster model."
            ) from error
        except openai.APIStatusError as error:
            raise ModelCallError(
                f"The model server answered HTTP {error.status_code} for model {self.model!r}: "
                f"{_brief(error.message)}. Check OPENAI_API_KEY, OPENAI_BASE_URL and "
                "PERIMETER_MODEL."
            ) from error
        except openai.APIConnectionError as error:
            raise ModelCallError(
                f"Cannot reach the model server ({_brief(str(error))}). Check OPENAI_BASE_URL "
                "and that the server is running."
            ) from error
        return _reply_of(completion)

    def _request(self, messages: list[ChatMessage], schema: JsonSchema) -> ChatCompletion:
        fmt = response_format(schema, self.response_format)
        strict = self.response_format == "json_schema"
        return self.client.chat.completions.create(
            model=self.model,
            messages=cast("list[ChatCompletionMessageParam]", messages),
            timeout=self.timeout,
            max_tokens=openai.omit if self.profile.max_tokens is None else self.profile.max_tokens,
            temperature=openai.omit if self.temperature is None else self.temperature,
            response_format=cast("ResponseFormatJSONSchema", fmt) if strict else openai.omit,
            # 'schema' is not in OpenAI's json_object type; llama.cpp and vLLM read it.
            extra_body=None if strict else {"response_format": fmt},
        )


def _reply_of(completion: ChatCompletion) -> _Reply:
    usage = completion.usage
    prompt_tokens = usage.prompt_tokens if usage is not None else None
    completion_tokens = usage.completion_tokens if usage is not None else None
    if not completion.choices:
        return _Reply("", None, prompt_tokens, completion_tokens)
    choice = completion.choices[0]
    refusal = getattr(choice.message, "refusal", None)
    if choice.finish_reason == "content_filter" and not refusal:
        refusal = "The model's content filter stopped the answer."
    return _Reply(choice.message.content or "", refusal, prompt_tokens, completion_tokens)


def check_answer(content: str, catalog: Catalog) -> tuple[PlanOutput | None, list[Issue]]:
    """Parse the model's text and validate any rule tree against the catalog.

    Returns the output when it has no error (warnings ride along in the list), else None and
    the issues to send back.
    """
    output, issues = parse_output(content)
    if output is None or output.rules is None or output.status != "proposal":
        return output, issues
    found = validate_rules(output.rules, catalog)
    return (None, found) if has_errors(found) else (output, found)


def repair_message(issues: Sequence[Issue]) -> str:
    """The user message that sends issues back to the model, one rendered issue per line."""
    lines = "\n".join(f"- {issue.render()}" for issue in issues)
    return f"{REPAIR_PREAMBLE}\n{lines}"


def _explained(result: PlanResult, request: str, catalog: Catalog) -> PlanResult:
    """A proposal the model did not explain (compact schema) gets the rules' plain description."""
    if not isinstance(result, Proposal) or result.explanation:
        return result
    text = explain_rules(result.rules, catalog, request_language(request))
    return result.model_copy(update={"explanation": text})


def _brief(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:197] + "..."
