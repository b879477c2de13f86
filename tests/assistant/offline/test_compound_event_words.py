"""A column word written as part of a German compound with an event ('Tarif-Upgrade',
'Tarifwechsel') names that event's phrase — it is no condition of its own ('plan is known')."""

from __future__ import annotations

import pytest

from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "Abonnenten mit einem Tarif-Downgrade im letzten Jahr",
        "clients qui ont fait un downgrade de forfait l'an dernier",
        "subscribers who downgraded their plan last year",
    ],
)
def test_the_column_word_of_an_event_compound_is_the_event(
    request_text: str, telecom: Catalog
) -> None:
    result = propose(request_text, telecom)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, Behavior) and rule.event == "plan_changes"
    assert [(c.field, c.value) for c in rule.filters] == [("direction", "downgrade")]
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []
