"""What the engine returns: small frozen dataclasses (re-exported by ``audience.engine``)."""

from __future__ import annotations

from dataclasses import dataclass

from audience.engine.masking import CellValue

BreakdownValue = str | int | float | bool | None
"""A bucket of a breakdown; None is the bucket of profiles without a value."""


@dataclass(frozen=True)
class CountResult:
    """The size of an audience, the DuckDB SQL that selects it, and how long the count took."""

    count: int
    sql: str
    """The audience SELECT (profile ids) rendered for DuckDB, pretty-printed."""
    elapsed_ms: float
    """Wall time of compiling, guarding and running the count."""


@dataclass(frozen=True)
class SampleResult:
    """A few profiles of the audience, PII masked unless ``masked`` is False."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, CellValue], ...]
    masked: bool
    """True when the catalog's PII columns were masked."""
    masked_columns: tuple[str, ...]
    """The PII columns (masked when ``masked``)."""


@dataclass(frozen=True)
class BreakdownRow:
    """One bucket of a breakdown: a value of the column and how many audience members have it."""

    value: BreakdownValue
    count: int
    share: float
    """``count`` divided by the audience size (0.0 for an empty audience)."""


@dataclass(frozen=True)
class LeaveOneOut:
    """The audience size with one top-level rule removed: how much that rule narrows it."""

    path: str
    """Path of the removed rule, e.g. ``root.rules[1]``."""
    count_without: int
    full_count: int

    @property
    def removed_by_rule(self) -> int:
        """How many profiles the rule removes (``count_without - full_count`` in an AND group)."""
        return self.count_without - self.full_count


@dataclass(frozen=True)
class WaterfallStep:
    """One cumulative step of the eligibility waterfall."""

    name: str
    """``matched``, ``consented``, ``not_suppressed`` or ``contactable``."""
    count: int


@dataclass(frozen=True)
class Waterfall:
    """Matched → consented → not suppressed → contactable, each step cumulative, for a channel."""

    channel: str
    matched: int
    consented: int
    not_suppressed: int
    contactable: int

    @property
    def steps(self) -> tuple[WaterfallStep, ...]:
        """The four steps in order, for display."""
        return tuple(
            WaterfallStep(name, getattr(self, name))
            for name in ("matched", "consented", "not_suppressed", "contactable")
        )
