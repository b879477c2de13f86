"""An amount of money said of an event that records no amount never crashes planning.

'clients qui ont claqué plus de 1 500 € en sacs': 'claqué' is read (as a typo) as 'cliqué', an
email click; an email event has no measure, so '1 500 €' cannot be added up on it. The planner
built 'sum of <nothing> above 1,500', which the validator rejects: the request ended in an error
instead of an audience, a question or a refusal. Now the amount asks which measure of money it
is, each option a complete tree on an event that records one (en/fr/de).
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from schema_catalog import Catalog
from tests.support.planning import behaviors, play


@pytest.mark.parametrize(
    "request_text",
    [
        "clients qui ont claqué plus de 1 500 € en sacs",
        "customers who clicked more than €1,500 on bags",
        "customers who clicked through for over 300 euros",
        "clients qui ont cliqué pour plus de 1 500 € de sacs",
        "Kunden, die für über 300 € geklickt haben",
    ],
)
def test_an_amount_on_an_event_with_no_amount_asks_which_amount(
    request_text: str, catalog: Catalog
) -> None:
    result = play(catalog, request_text)  # no PlanningError
    assert isinstance(result, Clarification), result
    assert result.options
    for option in result.options:
        assert option.rules is not None
        spends = [b for b in behaviors(option.rules) if b.aggregate and b.aggregate.func]
        assert spends and all(b.aggregate.measure for b in spends)  # type: ignore[union-attr]
        assert all(b.event == "orders" for b in spends)
