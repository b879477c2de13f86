"""'only those whose issue wasn't resolved' after 'contacted us by chat in February': a narrowing
that negates a yes/no column of an event the audience already has describes the same rows — the
flipped filter joins that behaviour (contacts in February by chat, not resolved), rather than
excluding everyone with any resolved contact. 'never' or an exclusion still says other people."""

from __future__ import annotations

import pytest

from assistant import Proposal
from evals.domains import get_domain
from tests.support.planning import behaviors, converse

FIRST = {
    "en": "customers who contacted us by chat in February",
    "fr": "clients qui ont contacté le SAV par chat en février",
    "de": "Kunden, die uns im Februar per Chat kontaktiert haben",
}


@pytest.mark.parametrize(
    ("lang", "follow_up"),
    [
        ("en", "only those whose issue wasn't resolved"),
        ("en", "just the ones whose problem was not solved"),
        ("fr", "et garde seulement ceux dont le problème n'a pas été résolu"),
        ("de", "nur die, deren Problem nicht gelöst wurde"),
    ],
)
def test_a_negated_flag_narrows_the_same_rows(lang: str, follow_up: str) -> None:
    telecom = get_domain("telecom").load_catalog()
    result = converse(telecom, FIRST[lang], follow_up)
    assert isinstance(result, Proposal), result
    (contacts,) = behaviors(result.rules)
    assert not contacts.negate and contacts.window is not None
    assert ("resolved", False) in {(c.field, c.value) for c in contacts.filters}
    assert "channel" in {c.field for c in contacts.filters}


def test_never_still_excludes_other_rows() -> None:
    telecom = get_domain("telecom").load_catalog()
    result = converse(telecom, FIRST["en"], "only those who never had a resolved contact")
    assert isinstance(result, Proposal), result
    assert [b.negate for b in behaviors(result.rules)] == [False, True]
