"""'horror with an upgrade or comedy in standard seats': after an 'or', values of two columns a
behaviour already filters pair with each other — two behaviours, each with its own pair — not
one behaviour whose lists mix them (which would also take comedy with an upgrade). A value of
a column the behaviour does not filter yet ('shoes or bags online') still qualifies the one
behaviour (issue 12)."""

from __future__ import annotations

import pytest

from audience.rules import Behavior, Group
from schema_catalog import Catalog
from tests.support.planning import propose


def _pairs(rule: object) -> set[tuple[tuple[str, tuple[str, ...]], ...]]:
    assert isinstance(rule, Group) and rule.op == "or", rule
    found = set()
    for behaviour in rule.rules:
        assert isinstance(behaviour, Behavior), behaviour
        found.add(tuple(sorted((f.field, _listed(f.value)) for f in behaviour.filters)))
    return found


def _listed(value: object) -> tuple[str, ...]:
    return tuple(sorted(map(str, value))) if isinstance(value, list | tuple) else (str(value),)


def test_values_said_in_pairs_after_or_are_two_behaviours(cinema: Catalog) -> None:
    proposal = propose(
        "members who booked horror with an upgrade or comedy in standard seats", cinema
    )
    (either,) = proposal.rules.root.rules
    assert _pairs(either) == {
        (("genre", ("horror",)), ("seat_class", ("upgrade",))),
        (("genre", ("comedy",)), ("seat_class", ("standard",))),
    }


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought beauty in the app or jewellery in store in September",
        "clients qui ont acheté de la beauté sur l'appli ou des bijoux en boutique en septembre",
        "Kunden, die im September Beauty in der App oder Schmuck in der Filiale gekauft haben",
    ],
)
def test_pairs_keep_their_shared_window(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    either = next(r for r in proposal.rules.root.rules if isinstance(r, Group))
    assert _pairs(either) == {
        (("category", ("beauty",)), ("channel", ("app",))),
        (("category", ("jewellery",)), ("channel", ("store",))),
    }
    assert all(b.window is not None and b.window.start is not None for b in either.rules)  # type: ignore[union-attr]


def test_a_value_of_a_column_not_yet_filtered_qualifies_the_one_behaviour(
    catalog: Catalog,
) -> None:
    proposal = propose("customers who bought shoes or bags online", catalog)
    (behaviour,) = proposal.rules.root.rules
    assert isinstance(behaviour, Behavior) and len(behaviour.filters) == 2
