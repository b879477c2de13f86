"""Numbers as each language writes them (``languages/<code>/format.yml``): the examples a
French, German and English reader expect, and every figure built from the pack's own values."""

from __future__ import annotations

import pytest

from languages import available_languages, format_number, number_format

EXPECTED = {
    "en": ("85,473", "12.5%", "€1,234.50", "0.75"),
    "fr": ("85\u202f473", "12,5\u202f%", "1\u202f234,50\u202f€", "0,75"),
    "de": ("85.473", "12,5\u00a0%", "1.234,50\u00a0€", "0,75"),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_counts_percentages_amounts_and_decimals_read_as_the_language_writes_them(
    lang: str,
) -> None:
    shown = (
        format_number(85473, lang),
        format_number(0.125, lang, share=True),
        format_number(1234.5, lang, unit="€"),
        format_number(0.75, lang),
    )
    assert shown == EXPECTED[lang]


@pytest.mark.parametrize("lang", available_languages())
def test_every_figure_is_built_from_the_packs_separators_and_patterns(lang: str) -> None:
    said = number_format(lang)
    decimal = f"12{said.decimal}5"
    assert format_number(1_234_567, lang) == f"1{said.thousands}234{said.thousands}567"
    assert format_number(0.125, lang, share=True) == said.percent.format(number=decimal)
    assert format_number(12.5, lang, unit="kg") == said.measure.format(number=decimal, unit="kg")
    assert format_number(12.5, lang, unit="CHF") == said.money.format(
        number=f"12{said.decimal}50", unit="CHF"
    )
    assert format_number(17.09, lang, digits=1) == f"17{said.decimal}1"


def test_a_whole_amount_has_no_decimals_and_a_share_keeps_one() -> None:
    assert format_number(1500.0, "en", unit="€") == "€1,500"
    assert format_number(0.5, "en", share=True) == "50%"
    assert format_number(0.8547, "en", share=True) == "85.5%"
    assert format_number(-1234, "de") == "-1.234"


def test_a_language_without_a_format_file_writes_numbers_the_default_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from languages import formats

    monkeypatch.setattr(formats, "has_topic", lambda lang, topic: False)
    assert format_number(85473, "fr") == "85,473"
