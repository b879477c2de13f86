"""Execution on a hardened read-only connection: count, masked sample, breakdowns, waterfall."""

from audience.engine.connection import EngineLimits
from audience.engine.engine import AudienceEngine
from audience.engine.results import (
    BreakdownRow,
    CountResult,
    LeaveOneOut,
    SampleResult,
    Waterfall,
    WaterfallStep,
)

__all__ = [
    "AudienceEngine",
    "BreakdownRow",
    "CountResult",
    "EngineLimits",
    "LeaveOneOut",
    "SampleResult",
    "Waterfall",
    "WaterfallStep",
]
