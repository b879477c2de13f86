"""Size policy: each flag at threshold −1 / = / +1, its figure, and expected sizes from text."""

from __future__ import annotations

import pytest

from assistant import expected_size_from_text
from audience.workflow import FlagCode, assess_size
from schema_catalog import GuardrailPolicy

POLICY = GuardrailPolicy(
    max_audience_size=1_000,
    max_share_of_base=0.4,
    max_jump_factor=3.0,
    expected_size_tolerance=0.5,
    hard_ceiling=5_000,
    drift_tolerance=0.02,
)
BIG_BASE = 1_000_000


def codes(count: int, **kwargs: int) -> set[FlagCode]:
    base = kwargs.pop("base", BIG_BASE)
    return set(assess_size(count, base=base, policy=POLICY, **kwargs).codes)


@pytest.mark.parametrize(("count", "flagged"), [(999, False), (1_000, False), (1_001, True)])
def test_absolute_size_boundary(count: int, flagged: bool) -> None:
    assert (FlagCode.ABSOLUTE_SIZE in codes(count)) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(399, False), (400, False), (401, True)])
def test_share_of_base_boundary(count: int, flagged: bool) -> None:
    assert (FlagCode.SHARE_OF_BASE in codes(count, base=1_000)) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(299, False), (300, False), (301, True)])
def test_jump_vs_previous_boundary(count: int, flagged: bool) -> None:
    assert (FlagCode.JUMP_VS_PREVIOUS in codes(count, previous_approved=100)) is flagged


@pytest.mark.parametrize(
    ("count", "flagged"),
    [(149, False), (150, False), (151, True), (49, True), (50, False), (51, False)],
)
def test_far_from_expected_boundary_both_sides(count: int, flagged: bool) -> None:
    assert (FlagCode.FAR_FROM_EXPECTED in codes(count, expected=100)) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(0, True), (1, False), (2, False)])
def test_empty_boundary(count: int, flagged: bool) -> None:
    assert (FlagCode.EMPTY in codes(count)) is flagged


@pytest.mark.parametrize(
    ("count", "flagged", "approvers"), [(4_999, False, 1), (5_000, False, 1), (5_001, True, 2)]
)
def test_hard_ceiling_boundary_needs_two_approvers(
    count: int, flagged: bool, approvers: int
) -> None:
    assessment = assess_size(count, base=BIG_BASE, policy=POLICY)
    assert (FlagCode.HARD_CEILING in assessment.codes) is flagged
    assert assessment.approvers_required == approvers


def test_each_flag_carries_its_figure_and_threshold() -> None:
    assessment = assess_size(
        6_000, base=10_000, policy=POLICY, previous_approved=1_000, expected=2_000
    )
    figures = {flag.code: (flag.value, flag.threshold) for flag in assessment.flags}
    assert figures == {
        FlagCode.ABSOLUTE_SIZE: (6_000, 1_000),
        FlagCode.SHARE_OF_BASE: (0.6, 0.4),
        FlagCode.JUMP_VS_PREVIOUS: (6.0, 3.0),
        FlagCode.FAR_FROM_EXPECTED: (2.0, 0.5),
        FlagCode.HARD_CEILING: (6_000, 5_000),
    }
    assert assessment.flagged
    assert all(flag.message for flag in assessment.flags)


def test_unflagged_audience_needs_one_approver_and_no_reason() -> None:
    assessment = assess_size(500, base=10_000, policy=POLICY, previous_approved=400, expected=450)
    assert assessment.flags == ()
    assert not assessment.flagged
    assert assessment.approvers_required == 1


def test_share_uses_exact_arithmetic_at_awkward_fractions() -> None:
    policy = POLICY.model_copy(update={"max_share_of_base": 0.1, "max_audience_size": 10**9})
    # 0.1 * 30 in floats is 3.0000000000000004; 3 of 30 is exactly at the threshold.
    assert FlagCode.SHARE_OF_BASE not in assess_size(3, base=30, policy=policy).codes
    assert FlagCode.SHARE_OF_BASE in assess_size(4, base=30, policy=policy).codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VIP customers in Lyon, about 10,000 people", 10_000),
        ("around 10k customers who bought shoes", 10_000),
        ("roughly 5 000 shoppers", 5_000),
        ("approximately 2.5k people", 2_500),
        ("~1200 customers", 1_200),
        ("I expect 12000 customers", 12_000),
        ("environ 10 000 clientes à Paris", 10_000),
        ("à peu près 3 000 personnes", 3_000),
        ("10 000 clients environ", 10_000),
        ("de l'ordre de 20.000 clients", 20_000),
        ("environ 1,5 million de clients", 1_500_000),
        ("près de 2,5k clients", 2_500),
    ],
)
def test_expected_size_found_in_english_and_french(text: str, expected: int) -> None:
    assert expected_size_from_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "VIP customers who bought at least twice in the last 6 months",
        "clients VIP ayant acheté 2 fois dans les 30 derniers jours",
        "customers aged 25 to 34 in Lyon",
        "",
    ],
)
def test_no_expected_size_without_an_estimate_word(text: str) -> None:
    assert expected_size_from_text(text) is None
