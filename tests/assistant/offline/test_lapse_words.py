"""'lapsed', 'dormants', 'ruhende' in a request that states its lapse describe that lapse: they
join its rule, make no rule of their own, and a catalog value the word also names (a trial
'lapsed' as expired) is left out with the reading stated. With no lapse stated, the catalog
value stands."""

from __future__ import annotations

import pytest

from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "word"),
    [
        ("lapsed buyers: last order over 6 months ago", "lapsed"),
        ("clients dormants dont le dernier achat remonte à plus de 18 mois", "dormants"),
        ("ruhende Kunden, deren letzte Bestellung über 6 Monate her ist", "ruhende"),
    ],
)
def test_a_lapse_word_joins_the_stated_lapse(
    request_text: str, word: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    done, lapsed = behaviors(proposal.rules)
    assert (done.negate, lapsed.negate) == (False, True)
    cited = {item.phrase: item.rule_path for item in proposal.coverage}
    assert cited[word] is not None


def test_a_catalog_value_of_the_word_is_left_out_and_said(telecom: Catalog) -> None:
    proposal = propose("lapsed app users - last opened My Onda more than 6 months ago", telecom)
    assert not [b for b in behaviors(proposal.rules) if b.event == "trials"]
    assert len(proposal.assumptions) == 1


def test_with_no_lapse_stated_the_catalog_value_stands(telecom: Catalog) -> None:
    (trial,) = behaviors(propose("users with a lapsed trial", telecom).rules)
    assert isinstance(trial, Behavior) and trial.event == "trials"
    assert [(c.field, c.value) for c in trial.filters] == [("outcome", "expired")]
