"""The few words between an occasion's noun and a separator still name the occasion ('for a
styling workshop in Lyon: VIPs who…', 'pour un atelier à Marseille : celles qui…') — unless the
rest points back to that place ('… bought cheese there', 'dans ce magasin'), which makes it a
condition. A stated size's feminine noun ('environ 800 clientes') still names women."""

from __future__ import annotations

import pytest

from assistant.expected_size import expected_size_from_text
from schema_catalog import Catalog
from tests.support.planning import propose


def _fields(request_text: str, catalog: Catalog) -> list[str | None]:
    rules = propose(request_text, catalog).rules.root.rules
    return [getattr(rule, "field", None) for rule in rules]


@pytest.mark.parametrize(
    "request_text",
    [
        "for a styling workshop in Lyon: VIPs living in Paris",
        "pour un atelier maquillage à Lyon : les VIP qui habitent à Paris",
        "für einen Workshop in Lyon: VIP-Kunden aus Paris",
    ],
)
def test_a_place_between_the_occasion_and_a_separator_names_the_occasion(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    assert not [n for _, n in proposal.rules.walk() if "Lyon" in str(n.model_dump())]
    assert any("Lyon" in note for note in proposal.assumptions)


@pytest.mark.parametrize(
    "request_text",
    [
        "for a cheese tasting at Lille Centre: those who bought cheese there in the last 2 months",
        "pour une dégustation à Lille Centre : ceux qui ont acheté du fromage dans ce magasin",
    ],
)
def test_a_place_the_rest_points_back_to_stays_a_condition(
    request_text: str, grocery: Catalog
) -> None:
    proposal = propose(request_text, grocery)
    assert [n for _, n in proposal.rules.walk() if "Lille Centre" in str(n.model_dump())]


@pytest.mark.parametrize(
    ("request_text", "size"),
    [("environ 800 clientes à Lyon", 800), ("il me faut 1500 clientes à Lyon", 1500)],
)
def test_a_sizes_feminine_noun_names_women(request_text: str, size: int, catalog: Catalog) -> None:
    assert expected_size_from_text(request_text, catalog) == size
    assert "customers.gender" in _fields(request_text, catalog)
