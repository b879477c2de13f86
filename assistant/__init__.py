"""Assistant: natural-language requests to validated rule trees (offline or OpenAI-compatible).

The planner contract, its errors and ``plan`` import eagerly; the model clients (OpenAI SDK,
local llama.cpp server, tiktoken) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from assistant.contract import (
    Clarification,
    ClarificationOption,
    Conversation,
    CoverageItem,
    Planner,
    PlanResult,
    Proposal,
    Refusal,
    RequestKind,
    Turn,
    Usage,
)
from assistant.errors import (
    AssistantError,
    PlannerConfigError,
    PlanningError,
    RequestRejectedError,
)
from assistant.expected_size import expected_size_from_text
from assistant.planning import (
    MAX_REQUEST_CHARS,
    Counter,
    choose_option,
    plan,
    prepare_request,
    warm_up,
)

_LAZY = {
    "ChatLog": "assistant.chat_log",
    "ChatStep": "assistant.chat_log",
    "HistoryItem": "assistant.chat_log",
    "load_chat": "assistant.chat_log",
    "language_of": "assistant.explain",
    "request_language": "assistant.explain",
    "revision_chat": "assistant.chat_log",
    "save_audience": "assistant.chat_log",
    "save_chat": "assistant.chat_log",
    "save_version_chat": "assistant.chat_log",
    "version_chat": "assistant.chat_log",
    "make_planner": "assistant.factory",
    "open_planner": "assistant.factory",
    "LocalModelError": "assistant.local_server",
    "server_answers": "assistant.local_server",
    "start_local_server": "assistant.local_server",
    "SYSTEM_INSTRUCTIONS": "assistant.prompt",
    "count_tokens": "assistant.tokens",
}

if TYPE_CHECKING:
    from assistant.chat_log import (
        ChatLog,
        ChatStep,
        HistoryItem,
        load_chat,
        revision_chat,
        save_audience,
        save_chat,
        save_version_chat,
        version_chat,
    )
    from assistant.explain import language_of, request_language
    from assistant.factory import make_planner, open_planner
    from assistant.local_server import LocalModelError, server_answers, start_local_server
    from assistant.prompt import SYSTEM_INSTRUCTIONS
    from assistant.tokens import count_tokens


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = [
    "MAX_REQUEST_CHARS",
    "SYSTEM_INSTRUCTIONS",
    "AssistantError",
    "ChatLog",
    "ChatStep",
    "Clarification",
    "ClarificationOption",
    "Conversation",
    "Counter",
    "CoverageItem",
    "HistoryItem",
    "LocalModelError",
    "PlanResult",
    "Planner",
    "PlannerConfigError",
    "PlanningError",
    "Proposal",
    "Refusal",
    "RequestKind",
    "RequestRejectedError",
    "Turn",
    "Usage",
    "choose_option",
    "count_tokens",
    "expected_size_from_text",
    "language_of",
    "load_chat",
    "make_planner",
    "open_planner",
    "plan",
    "prepare_request",
    "request_language",
    "revision_chat",
    "save_audience",
    "save_chat",
    "save_version_chat",
    "server_answers",
    "start_local_server",
    "version_chat",
    "warm_up",
]
