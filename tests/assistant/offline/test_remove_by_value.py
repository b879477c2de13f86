"""A removal may name a filter by a word of the value it holds ('remove the Standard filter' of
'Onda+ Standard', 'enlève le filtre Standard', 'nimm den Standard-Filter raus'): that filter goes,
the behaviour and its other filters stay. A part after the removal that says what the audience is
now ('…, I want all active Onda+ subscribers') is applied after it, its filters joining the same
behaviour (a filter said again alike adds nothing)."""

from __future__ import annotations

import pytest

from assistant import Proposal
from evals.domains import get_domain
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse

FIRST = {
    "en": "active Onda+ Standard subscribers",
    "fr": "les abonnés Onda+ Standard actifs",
    "de": "aktive Onda+ Standard Abonnenten",
}


def _telecom() -> Catalog:
    return get_domain("telecom").load_catalog()


def _filters(result: object) -> set[tuple[str, object]]:
    assert isinstance(result, Proposal), result
    (held,) = behaviors(result.rules)
    return {(c.field, c.value) for c in held.filters}


@pytest.mark.parametrize(
    ("lang", "removal"),
    [
        ("en", "remove the Standard filter"),
        ("en", "drop the standard part"),
        ("fr", "enlève le filtre Standard"),
        ("de", "nimm den Standard-Filter raus"),
    ],
)
def test_a_value_word_names_its_filter(lang: str, removal: str) -> None:
    telecom = _telecom()
    assert ("plan", "stream_standard") in _filters(converse(telecom, FIRST[lang]))
    assert _filters(converse(telecom, FIRST[lang], removal)) == {("status", "active")}


@pytest.mark.parametrize(
    ("lang", "follow_up"),
    [
        ("en", "remove the Standard filter, I want all active Onda+ subscribers"),
        ("fr", "enlève le filtre Standard, je veux tous les abonnés Onda+ actifs"),
        ("de", "entferne den Standard-Filter, ich will alle aktiven Onda+ Abonnenten"),
    ],
)
def test_what_follows_the_removal_restates_the_audience(lang: str, follow_up: str) -> None:
    result = converse(_telecom(), FIRST[lang], follow_up)
    assert _filters(result) == {("status", "active"), ("service", "streaming")}


def test_a_filter_said_again_alike_adds_nothing(catalog: Catalog) -> None:
    result = converse(
        catalog,
        "customers who bought shoes in the last 3 months",
        "only those who bought shoes online",
    )
    assert _filters(result) == {("category", "shoes"), ("channel", "web")}
