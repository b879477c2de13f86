"""Size guardrails: flags an approver must see before an audience leaves.

Every flag carries its figure and the threshold it crossed. Comparisons are strict ("above"):
a count exactly at a threshold is not flagged. Ratios are compared exactly (``Fraction``), so
400 of 1,000 against a 0.4 share is *at* the threshold, not a float rounding away from it.

- ``absolute_size``: count > ``max_audience_size``.
- ``share_of_base``: count / base > ``max_share_of_base``.
- ``jump_vs_previous``: count > ``max_jump_factor`` × the previous approved version's count.
- ``far_from_expected``: |count − expected| / expected > ``expected_size_tolerance``.
- ``empty``: count == 0.
- ``hard_ceiling``: count > ``hard_ceiling``; needs two distinct approvers, neither the requester.
- ``cumulative_size``: together with the same requester's other approvals on the same channel in
  the last ``cumulative_window_days``, the distinct people reached exceed ``max_audience_size`` or
  ``max_share_of_base`` (splitting one audience into pieces under the limits is caught). The
  overlapping recent approvals travel with the assessment, so the reviewer sees them.

A flagged audience needs a written reason from the requester and a reviewer or admin approver.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from schema_catalog import GuardrailPolicy


class FlagCode(StrEnum):
    """The size flags."""

    ABSOLUTE_SIZE = "absolute_size"
    SHARE_OF_BASE = "share_of_base"
    JUMP_VS_PREVIOUS = "jump_vs_previous"
    FAR_FROM_EXPECTED = "far_from_expected"
    EMPTY = "empty"
    HARD_CEILING = "hard_ceiling"
    CUMULATIVE_SIZE = "cumulative_size"


class SizeFlag(BaseModel):
    """One tripped guardrail with its figure (``value``) and the ``threshold`` it crossed."""

    model_config = ConfigDict(frozen=True)

    code: FlagCode
    value: float
    threshold: float
    message: str


class RecentApproval(BaseModel):
    """Another recent approval by the same requester on the same channel, and its overlap."""

    model_config = ConfigDict(frozen=True)

    audience_id: int
    name: str
    approved_at: str
    member_count: int
    overlap: int
    """Members it shares with the audience being assessed."""


class SizeAssessment(BaseModel):
    """Flags for one count, and what the approval therefore needs."""

    model_config = ConfigDict(frozen=True)

    count: int
    base: int
    previous_approved: int | None = None
    expected: int | None = None
    recent: tuple[RecentApproval, ...] = ()
    """The requester's other approvals on this channel within the cumulative window."""
    reached: int | None = None
    """Distinct people of this audience and the ``recent`` ones together."""
    flags: tuple[SizeFlag, ...] = ()

    @property
    def flagged(self) -> bool:
        """True if any flag tripped: a written reason and a reviewer/admin approver are needed."""
        return bool(self.flags)

    @property
    def approvers_required(self) -> int:
        """2 above the hard ceiling, else 1."""
        return 2 if any(f.code is FlagCode.HARD_CEILING for f in self.flags) else 1

    @property
    def codes(self) -> tuple[FlagCode, ...]:
        return tuple(flag.code for flag in self.flags)


_Check = Callable[[SizeAssessment, GuardrailPolicy], SizeFlag | None]


def _exact(value: float) -> Fraction:
    return Fraction(repr(value))


def _absolute(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    if a.count <= policy.max_audience_size:
        return None
    return SizeFlag(
        code=FlagCode.ABSOLUTE_SIZE,
        value=a.count,
        threshold=policy.max_audience_size,
        message=f"{a.count:,} profiles is above the limit of {policy.max_audience_size:,}.",
    )


def _share(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    if a.base <= 0 or Fraction(a.count, a.base) <= _exact(policy.max_share_of_base):
        return None
    share = a.count / a.base
    return SizeFlag(
        code=FlagCode.SHARE_OF_BASE,
        value=share,
        threshold=policy.max_share_of_base,
        message=f"{share:.1%} of the base ({a.base:,}) is above {policy.max_share_of_base:.0%}.",
    )


def _jump(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    previous = a.previous_approved
    if not previous or a.count <= _exact(policy.max_jump_factor) * previous:
        return None
    return SizeFlag(
        code=FlagCode.JUMP_VS_PREVIOUS,
        value=a.count / previous,
        threshold=policy.max_jump_factor,
        message=f"{a.count:,} is {a.count / previous:.1f}× the previous approved "
        f"{previous:,} (limit {policy.max_jump_factor:g}×).",
    )


def _expected(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    expected = a.expected
    if not expected or abs(Fraction(a.count - expected, expected)) <= _exact(
        policy.expected_size_tolerance
    ):
        return None
    gap = abs(a.count - expected) / expected
    return SizeFlag(
        code=FlagCode.FAR_FROM_EXPECTED,
        value=gap,
        threshold=policy.expected_size_tolerance,
        message=f"{a.count:,} is {gap:.0%} away from the expected {expected:,} "
        f"(tolerance {policy.expected_size_tolerance:.0%}).",
    )


def _empty(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    if a.count > 0:
        return None
    return SizeFlag(code=FlagCode.EMPTY, value=0, threshold=0, message="The audience is empty.")


def _ceiling(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    if a.count <= policy.hard_ceiling:
        return None
    return SizeFlag(
        code=FlagCode.HARD_CEILING,
        value=a.count,
        threshold=policy.hard_ceiling,
        message=f"{a.count:,} is above the hard ceiling of {policy.hard_ceiling:,}: "
        "two approvers are needed.",
    )


def _cumulative(a: SizeAssessment, policy: GuardrailPolicy) -> SizeFlag | None:
    reached = a.reached
    if not a.recent or reached is None:
        return None
    over_size = reached > policy.max_audience_size
    over_share = a.base > 0 and Fraction(reached, a.base) > _exact(policy.max_share_of_base)
    if not (over_size or over_share):
        return None
    limit = policy.max_audience_size if over_size else policy.max_share_of_base
    return SizeFlag(
        code=FlagCode.CUMULATIVE_SIZE, value=reached, threshold=limit,
        message=f"With {len(a.recent)} other approval(s) of the same requester on this channel "
        f"in the last {policy.cumulative_window_days} days, {reached:,} distinct people are "
        f"reached ({reached / max(a.base, 1):.1%} of the base), above the limits.",
    )  # fmt: skip


CHECKS: tuple[_Check, ...] = (_absolute, _share, _jump, _expected, _empty, _ceiling, _cumulative)


def assess_size(
    count: int,
    *,
    base: int,
    policy: GuardrailPolicy,
    previous_approved: int | None = None,
    expected: int | None = None,
    recent: tuple[RecentApproval, ...] = (),
    reached: int | None = None,
) -> SizeAssessment:
    """Run every size check on ``count``.

    >>> p = GuardrailPolicy(max_audience_size=100, hard_ceiling=1000)
    >>> [f.code.value for f in assess_size(101, base=10_000, policy=p).flags]
    ['absolute_size']
    """
    bare = SizeAssessment(
        count=count, base=base, previous_approved=previous_approved, expected=expected,
        recent=recent, reached=reached,
    )  # fmt: skip
    flags = tuple(flag for check in CHECKS if (flag := check(bare, policy)) is not None)
    return bare.model_copy(update={"flags": flags})
