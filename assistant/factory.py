"""Build the planner the settings ask for: offline (default), openai, or local.

'local' is the same OpenAI-compatible planner in ``json_object`` mode, pointed at a local server
(llama.cpp, Ollama, vLLM) — ``OPENAI_BASE_URL`` when set, else ``http://127.0.0.1:<local_port>/v1``.
Starting that server is not this module's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import openai

from assistant.contract import Planner
from assistant.errors import PlannerConfigError
from assistant.llm_planner import SMALL_MODEL_PROFILE, LLMPlanner
from assistant.local_server import LOCAL_MODEL_NAME, serve_local
from assistant.offline.planner import OfflinePlanner
from settings import LlmSettings

OPENAI_BASE_URL = "https://api.openai.com/v1"
CLIENT_MAX_RETRIES = 3
"""Retries the openai client makes on 408/409/429/5xx and connection errors, with backoff."""
LOCAL_REQUEST_TIMEOUT = 300.0
"""Seconds per request for 'local' unless PERIMETER_REQUEST_TIMEOUT says otherwise."""
LOCAL_API_KEY = "sk-local"
"""Local servers ignore the key, but the client insists on one."""


def make_planner(settings: LlmSettings) -> Planner:
    """The planner named by ``settings.planner``.

    Raises:
        PlannerConfigError: 'openai' without ``OPENAI_API_KEY``, or an unknown planner name.
    """
    builders: dict[str, Callable[[LlmSettings], Planner]] = {
        "offline": _offline,
        "openai": _openai,
        "local": _local,
    }
    builder = builders.get(settings.planner)
    if builder is None:
        raise PlannerConfigError(
            f"Unknown planner {settings.planner!r}. Use one of {sorted(builders)!r}."
        )
    return builder(settings)


@contextmanager
def open_planner(settings: LlmSettings) -> Iterator[Planner]:
    """The planner named by ``settings.planner``, with whatever it needs running.

    For 'local', when no server answers at the configured URL, the bundled model is started for
    the duration of the block and stopped on exit, even when the block raises.

    Raises:
        PlannerConfigError: see :func:`make_planner`.
        LocalModelError: 'local', no server answers and the bundled one cannot be started.
    """
    if settings.planner != "local":
        yield make_planner(settings)
        return
    with serve_local(
        port=settings.local_port,
        base_url=local_base_url(settings),
        model_path=settings.local_model_path,
    ) as base_url:
        yield _local(settings, base_url)


def local_base_url(settings: LlmSettings) -> str:
    """Where the local planner looks for a server: ``OPENAI_BASE_URL`` or the local port."""
    return settings.openai_base_url or f"http://127.0.0.1:{settings.local_port}/v1"


def _offline(settings: LlmSettings) -> Planner:
    return OfflinePlanner()


def _openai(settings: LlmSettings) -> Planner:
    if not settings.openai_api_key:
        raise PlannerConfigError(
            "The 'openai' planner needs an API key: set OPENAI_API_KEY (and OPENAI_BASE_URL for "
            "an OpenAI-compatible server), or use --planner offline."
        )
    client = openai.OpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url or OPENAI_BASE_URL,
        timeout=settings.request_timeout,
        max_retries=CLIENT_MAX_RETRIES,
    )
    return LLMPlanner(
        client,
        settings.model,
        name="openai",
        response_format=settings.response_format,
        timeout=settings.request_timeout,
        catalog_budget=settings.prompt_catalog_budget,
    )


def _local(settings: LlmSettings, base_url: str | None = None) -> Planner:
    # The default model name is OpenAI's; a local server gets its own unless one was chosen.
    model = settings.model if "model" in settings.model_fields_set else LOCAL_MODEL_NAME
    # A CPU model on a busy machine can take minutes on its first (uncached) prompt.
    chosen = "request_timeout" in settings.model_fields_set
    timeout = settings.request_timeout if chosen else LOCAL_REQUEST_TIMEOUT
    client = openai.OpenAI(
        api_key=settings.openai_api_key or LOCAL_API_KEY,
        base_url=base_url or local_base_url(settings),
        timeout=timeout,
        max_retries=CLIENT_MAX_RETRIES,
    )
    return LLMPlanner(
        client,
        model,
        name="local",
        response_format="json_object",
        prices={},  # a local model costs no API money, whatever its name
        timeout=timeout,
        catalog_budget=settings.prompt_catalog_budget,
        profile=SMALL_MODEL_PROFILE,
    )
