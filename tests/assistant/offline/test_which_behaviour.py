"""A follow-up that changes a window, a count or removes a time limit without naming the
behaviour, when the audience has several behaviours that could take it: which one is a question
whose options are the complete edited audiences — never the last behaviour by position."""

from __future__ import annotations

import pytest

from assistant import Clarification, Proposal
from audience.rules import Aggregate, Behavior
from schema_catalog import Catalog
from tests.support.planning import behaviors, converse

UNTIMED = {
    "en": "VIP customers who bought shoes and opened an email",
    "fr": "clients VIP qui ont acheté des chaussures et ouvert un email",
    "de": "VIP-Kunden, die Schuhe gekauft und eine E-Mail geöffnet haben",
}
TIMED = {
    "en": "customers who bought shoes in the last 6 months and opened an email in the last 3 days",
    "fr": "clients qui ont acheté des chaussures ces 6 derniers mois et ouvert un email ces 3 "
    "derniers jours",
    "de": "Kunden, die in den letzten 6 Monaten Schuhe gekauft und in den letzten 3 Tagen eine "
    "E-Mail geöffnet haben",
}


def _options(result: Proposal | Clarification) -> list[list[Behavior]]:
    assert isinstance(result, Clarification), result
    return [behaviors(option.rules) for option in result.options if option.rules is not None]


@pytest.mark.parametrize(
    ("lang", "edit"),
    [("en", "make it 12 months"), ("fr", "plutôt sur 12 mois"), ("de", "mach 12 Monate draus")],
)
def test_a_window_for_one_of_two_untimed_behaviours_is_asked(
    lang: str, edit: str, catalog: Catalog
) -> None:
    options = _options(converse(catalog, UNTIMED[lang], edit))
    timed = [[b.event for b in option if b.window is not None] for option in options]
    assert sorted(timed) == [["email_events"], ["orders"]]


@pytest.mark.parametrize(
    ("lang", "edit"),
    [
        ("en", "drop the time limit"),
        ("fr", "enlève la limite de temps"),
        ("de", "nimm den Zeitraum raus"),
    ],
)
def test_removing_one_of_two_windows_is_asked(lang: str, edit: str, catalog: Catalog) -> None:
    options = _options(converse(catalog, TIMED[lang], edit))
    untimed = [[b.event for b in option if b.window is None] for option in options]
    assert sorted(untimed) == [["email_events"], ["orders"]]


def test_a_count_goes_to_the_behaviour_that_has_one(catalog: Catalog) -> None:
    result = converse(
        catalog, "customers who bought shoes at least twice and opened an email", "at least 4 times"
    )
    assert isinstance(result, Proposal), result
    counts = {b.event: b.aggregate.value for b in behaviors(result.rules)}
    assert counts == {"orders": 4, "email_events": Aggregate().value}


def test_a_count_for_one_of_two_uncounted_behaviours_is_asked(catalog: Catalog) -> None:
    options = _options(converse(catalog, UNTIMED["en"], "at least 4 times"))
    counted = [[b.event for b in option if b.aggregate != Aggregate()] for option in options]
    assert sorted(counted) == [["email_events"], ["orders"]]
