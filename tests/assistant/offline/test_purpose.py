"""What a campaign is about is not who it selects (issue 12, pattern 1 and the trust contract):
the words naming the campaign's topic make no rule and the proposal says how it read them; a
degree word with nothing to apply to ('a high bill') is reported, never silently dropped.
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from audience.rules import Attribute, Op
from schema_catalog import Catalog
from tests.support.planning import PLANNER, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "about 500 people for a Lyon bags promotion campaign: gold customers in Paris",
        "gold customers in Paris, to promote our new Lyon store",
        "clients or à Paris, pour leur présenter la boutique de Lyon",
    ],
)
def test_the_campaigns_topic_makes_no_rule_and_is_said(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    fields = {getattr(rule, "field", None): rule for rule in result.rules.root.rules}
    assert fields.get("customers.city") == Attribute(
        field="customers.city", op=Op.EQ, value="Paris"
    )
    assert all(getattr(rule, "event", None) is None for rule in result.rules.root.rules)
    assert len(result.assumptions) == 1


def test_a_for_phrase_without_a_campaign_word_is_read_as_usual(catalog: Catalog) -> None:
    result = propose("gold customers for the Paris store", catalog)
    assert not any("Paris" in note for note in result.assumptions)


def test_a_degree_word_with_nothing_to_apply_to_asks(cinema: Catalog) -> None:
    """'high' with no threshold and no indicator beside it is vague: asked, with complete
    options (it was reported as unread before the language packs listed it as vague)."""
    result = PLANNER.plan("members with a high booking", None, cinema)
    assert isinstance(result, Clarification)
    assert result.term == "high"
    assert len(result.options) >= 2 and all(o.rules is not None for o in result.options)


@pytest.mark.parametrize(
    "request_text",
    [
        "gold customers in Paris, for our Lyon store opening",
        "gold customers in Paris, for a Lyon store promotion campaign",
        "gold customers in Paris, to promote the Lyon store",
        "Gold-Kunden in Paris für unsere Filialeröffnung in Lyon",
    ],
)
def test_an_occasion_a_campaign_and_a_purpose_are_read_alike(
    request_text: str, catalog: Catalog
) -> None:
    """One mechanism: whatever names what the audience is for, the same single statement."""
    result = propose(request_text, catalog)
    assert [getattr(rule, "field", None) for rule in result.rules.root.rules].count(
        "customers.city"
    ) == 1
    assert len(result.assumptions) == 1
    assert not [node for _, node in result.rules.walk() if "Lyon" in str(node.model_dump())]


@pytest.mark.parametrize(
    "request_text",
    [
        "gold customers in Paris for a tasting of bags",
        "clients or à Paris pour une dégustation de sacs",
        "Gold-Kunden in Paris für eine Verkostung von Taschen",
    ],
)
def test_the_complement_of_an_occasion_names_it(request_text: str, catalog: Catalog) -> None:
    """'une dégustation de fromages': the occasion's complement (after 'de' / 'of' / 'von') is
    what the audience is for, not a purchase of it."""
    result = propose(request_text, catalog)
    assert [node.field for node in result.rules.root.rules] == [  # type: ignore[union-attr]
        "customers.loyalty_tier",
        "customers.city",
    ]
    assert len(result.assumptions) == 1
