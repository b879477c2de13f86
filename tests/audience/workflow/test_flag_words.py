"""Size flags in words: the reviewer's confirmation restates every figure in the language of the
page, with its separators."""

from __future__ import annotations

import pytest

from audience.workflow import FlagCode, assess_size, confirmation_text, flag_text
from schema_catalog import GuardrailPolicy

POLICY = GuardrailPolicy(max_audience_size=50_000, hard_ceiling=75_000)


def _flagged():  # type: ignore[no-untyped-def]
    return assess_size(
        85_473, base=100_000, policy=POLICY, expected=10_000, previous_approved=5_000
    )


@pytest.mark.parametrize(
    ("lang", "figures"),
    [
        ("fr", ["Vous approuvez 85\u202f473 personnes", "755\u202f% de plus que les 10\u202f000",
                "50\u202f000", "85,5\u202f%", "100\u202f000", "17,1×", "75\u202f000"]),
        ("de", ["Sie genehmigen 85.473 Personen", "755\u00a0% über den erwarteten 10.000",
                "50.000", "85,5\u00a0%", "100.000", "17,1×", "75.000"]),
    ],
)  # fmt: skip
def test_the_confirmation_restates_every_figure_in_the_language(
    lang: str, figures: list[str]
) -> None:
    text = confirmation_text(_flagged(), lang)
    assert [figure for figure in figures if figure not in text] == []


def test_every_flag_has_a_phrase_in_every_language() -> None:
    assessment = _flagged()
    empty = assess_size(0, base=100_000, policy=POLICY)
    for lang in ("en", "fr", "de"):
        texts = [flag_text(flag, assessment, lang) for flag in assessment.flags]
        texts.append(flag_text(empty.flags[0], empty, lang))
        assert all(texts) and not any("{" in text for text in texts)
    assert {flag.code for flag in assessment.flags} >= {FlagCode.HARD_CEILING}
