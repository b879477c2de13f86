"""A percentage is read through the catalog's scale: '70 %' of a 0-to-1 score is 0.7; on a
number whose scale the catalog does not state, it is compared as said and flagged."""

from __future__ import annotations

import pytest

from assistant.language import load_pack
from audience.rules import Attribute, IndicatorRule, indicator_label
from schema_catalog import Catalog, Scale
from tests.support.catalogs import with_column, with_indicator
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with an appetite for bags above 70 %",
        "clients avec une appétence pour les sacs supérieure à 70 %",
        "Kunden mit einer Affinität für Taschen über 70 %",
    ],
)
def test_a_percentage_of_a_fraction_score_is_divided(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, IndicatorRule)
    assert (rule.indicator, rule.value) == ("category_appetite", 0.7)
    assert result.assumptions == ()


def test_a_range_in_percent_is_divided_at_both_ends(catalog: Catalog) -> None:
    result = propose("customers with an appetite for bags between 40% and 60%", catalog)
    (rule,) = result.rules.root.rules
    assert rule.value == (0.4, 0.6)  # type: ignore[union-attr]


def test_a_plain_number_on_a_fraction_score_is_kept(catalog: Catalog) -> None:
    (rule,) = propose("customers with an appetite for bags above 0.7", catalog).rules.root.rules
    assert rule.value == 0.7  # type: ignore[union-attr]


def test_a_percentage_on_a_percent_column_is_kept(cinema: Catalog) -> None:
    scaled = with_column(cinema, "moviegoers", "household_size", scale=Scale.PERCENT)
    (rule,) = propose("members with a household size above 50 %", scaled).rules.root.rules
    assert rule == Attribute(field="moviegoers.household_size", op="gt", value=50)


def test_a_percentage_on_a_fraction_column_is_divided(cinema: Catalog) -> None:
    scaled = with_column(cinema, "moviegoers", "household_size", scale=Scale.FRACTION)
    (rule,) = propose("members with a household size above 50 %", scaled).rules.root.rules
    assert rule == Attribute(field="moviegoers.household_size", op="gt", value=0.5)


@pytest.mark.parametrize(
    ("request_text", "lang"),
    [
        ("customers with an appetite for bags above 70 %", "en"),
        ("clients avec une appétence pour les sacs supérieure à 70 %", "fr"),
    ],
)
def test_a_percentage_without_a_scale_is_flagged(
    request_text: str, lang: str, catalog: Catalog
) -> None:
    unscaled = with_indicator(catalog, "category_appetite", scale=None)
    result = propose(request_text, unscaled)
    (rule,) = result.rules.root.rules
    assert rule.value == 70  # type: ignore[union-attr]
    label = indicator_label(unscaled, "category_appetite", lang)  # type: ignore[arg-type]
    said = load_pack(lang).say("assume_percent_unscaled", value="70", label=label)
    assert result.assumptions == (said,)


def test_a_score_without_a_scale_takes_no_default_threshold(catalog: Catalog) -> None:
    """'appetite for bags' with no number: the 0.5 default needs a declared 0-to-1 scale."""
    unscaled = with_indicator(catalog, "category_appetite", scale=None)
    scaled_result = propose("customers with an appetite for bags", catalog)
    assert scaled_result.rules.root.rules[0].value == 0.5  # type: ignore[union-attr]
    assert not hasattr(PLANNER.plan("customers with an appetite for bags", None, unscaled), "rules")
