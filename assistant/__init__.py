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
from assistant.errors import AssistantError, PlannerConfigError, PlanningError
from assistant.expected_size import expected_size_from_text
from assistant.planning import Counter, choose_option, plan

_LAZY = {
    "make_planner": "assistant.factory",
    "open_planner": "assistant.factory",
    "LocalModelError": "assistant.local_server",
    "server_answers": "assistant.local_server",
    "start_local_server": "assistant.local_server",
    "SYSTEM_INSTRUCTIONS": "assistant.prompt",
    "count_tokens": "assistant.tokens",
}

if TYPE_CHECKING:
    from assistant.factory import make_planner, open_planner
    from assistant.local_server import LocalModelError, server_answers, start_local_server
    from assistant.prompt import SYSTEM_INSTRUCTIONS
    from assistant.tokens import count_tokens


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = [
    "SYSTEM_INSTRUCTIONS",
    "AssistantError",
    "Clarification",
    "ClarificationOption",
    "Conversation",
    "Counter",
    "CoverageItem",
    "LocalModelError",
    "PlanResult",
    "Planner",
    "PlannerConfigError",
    "PlanningError",
    "Proposal",
    "Refusal",
    "RequestKind",
    "Turn",
    "Usage",
    "choose_option",
    "count_tokens",
    "expected_size_from_text",
    "make_planner",
    "open_planner",
    "plan",
    "server_answers",
    "start_local_server",
]
