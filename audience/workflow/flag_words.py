"""Size flags in words, in any language with a pack: ``languages/<code>/flags.yml``.

A flag's figure restated ("755% above the expected 10,000") is what the submitter reads beside
the flag and what a reviewer confirms before approving a flagged audience ("You approve 85,473
people — 755% above the expected 10,000."). Numbers are written as the language writes them
(``languages.format_number``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from audience.workflow.policy import FlagCode, SizeAssessment, SizeFlag
from languages import (
    DEFAULT_LANG,
    Lang,
    available_languages,
    check_lang,
    format_number,
    has_topic,
    load_topic,
)

TOPIC = "flags"


class FlagWords(BaseModel):
    """``flags.yml``: one template per flag (``str.format``; the {names} are the figures)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    approve: str
    """{count}: the head of the reviewer's confirmation."""
    above_expected: str
    """{percent} (a percentage, '755%', as ``format.yml`` writes it) {expected}"""
    below_expected: str
    """{percent} {expected}"""
    absolute_size: str
    """{threshold}"""
    share_of_base: str
    """{share} (a percentage, '85.5%') {base}"""
    jump_vs_previous: str
    """{factor} {previous}"""
    hard_ceiling: str
    """{threshold}"""
    empty: str
    cumulative_size: str
    """{reached} {recent}"""


def flag_words(lang: Lang = DEFAULT_LANG) -> FlagWords:
    """The flag templates of ``lang`` (the default language's when it has none)."""
    return load_topic(lang if has_topic(lang, TOPIC) else DEFAULT_LANG, TOPIC, FlagWords)


def figure(value: float, lang: Lang = DEFAULT_LANG, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and the language's separators.

    >>> figure(85473), figure(17.09, "de", 1)
    ('85,473', '17,1')
    """
    return format_number(value, check_lang(lang), digits=digits)


def flag_text(flag: SizeFlag, assessment: SizeAssessment, lang: Lang = DEFAULT_LANG) -> str:
    """One tripped flag as its figure, in ``lang``.

    >>> from audience.workflow.policy import assess_size
    >>> from schema_catalog import GuardrailPolicy
    >>> a = assess_size(2_000, base=10**6, policy=GuardrailPolicy(), expected=10_000)
    >>> flag_text(a.flags[0], a), flag_text(a.flags[0], a, "fr")
    ('80% below the expected 10,000', '80\\u202f% de moins que les 10\\u202f000 attendus')
    """
    words, a = flag_words(lang), assessment
    n = {
        "threshold": figure(flag.threshold, lang), "base": figure(a.base, lang),
        "expected": figure(a.expected or 0, lang),
        "previous": figure(a.previous_approved or 0, lang),
        "reached": figure(a.reached or 0, lang), "recent": figure(len(a.recent), lang),
        "percent": format_number(round(flag.value * 100) / 100, lang, digits=0, share=True),
        "share": format_number(flag.value, lang, digits=1, share=True),
        "factor": figure(flag.value, lang, 1),
    }  # fmt: skip
    match flag.code:
        case FlagCode.FAR_FROM_EXPECTED if a.expected:
            side = words.above_expected if a.count > a.expected else words.below_expected
            return side.format(**n)
        case FlagCode.JUMP_VS_PREVIOUS if a.previous_approved:
            return words.jump_vs_previous.format(**n)
        case FlagCode.FAR_FROM_EXPECTED | FlagCode.JUMP_VS_PREVIOUS:
            return flag.message
    return str(getattr(words, flag.code.value)).format(**n)


def figures_in_words(assessment: SizeAssessment) -> dict[str, str]:
    """Every tripped flag's figure, joined, in each language with a pack (for a message that a
    page shows in its own language).

    >>> from audience.workflow.policy import assess_size
    >>> from schema_catalog import GuardrailPolicy
    >>> figures_in_words(assess_size(0, base=10**6, policy=GuardrailPolicy()))["en"]
    'nobody at all'
    """
    return {
        lang: "; ".join(flag_text(flag, assessment, lang) for flag in assessment.flags)
        for lang in available_languages()
    }


def confirmation_text(assessment: SizeAssessment, lang: Lang = DEFAULT_LANG) -> str:
    """What a reviewer confirms before approving a flagged audience: the figures, restated.

    >>> from audience.workflow.policy import assess_size
    >>> from schema_catalog import GuardrailPolicy
    >>> p = GuardrailPolicy(expected_size_tolerance=0.5)
    >>> confirmation_text(assess_size(85_473, base=10**6, policy=p, expected=10_000))
    'You approve 85,473 people — 755% above the expected 10,000.'
    """
    head = flag_words(lang).approve.format(count=figure(assessment.count, lang))
    figures = [flag_text(flag, assessment, lang) for flag in assessment.flags]
    return f"{head} — {'; '.join(figures)}." if figures else f"{head}."
