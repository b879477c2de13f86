"""The offline planner: a deterministic, catalog-grounded semantic parser driven by language packs.

Modules, in reading order: ``spans`` (recognised words) → ``anchors`` (catalog terms, senses
scored with the sentence) → ``attach`` (times, numbers, negations) → ``vague`` → ``clauses`` →
``build`` (+ ``grouping``) → ``understand`` (the whole pass) → ``planner`` (``safety``, ``intent``,
``clarify``/``choices``, ``coverage``, ``refine``/``followup``).
"""

from __future__ import annotations

from assistant.offline.planner import OfflinePlanner

__all__ = ["OfflinePlanner"]
