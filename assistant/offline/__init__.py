"""The offline planner: a deterministic, catalog-grounded semantic parser."""

from __future__ import annotations

from assistant.offline.planner import OfflinePlanner

__all__ = ["OfflinePlanner"]
