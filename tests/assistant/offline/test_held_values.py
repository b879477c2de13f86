"""A value held by an event and by its lines ('Onda+' names a subscription's service and each
of its renewals' service) is the event, unless another word names the lines ('a failed Onda+
payment' is a renewal). Next to the catalog's own name for its people ('Onda+ subscribers',
'abonnés Onda+', 'Onda+-Abonnenten') with no verb, it is what they hold now: the table's one
state still running, stated as an assumption; a time said for a verb stays on that verb."""

from __future__ import annotations

import shutil

import pytest

from assistant import Clarification, Proposal
from audience.rules import Behavior, Condition, Op
from schema_catalog import Catalog, load_catalog
from tests.support.planning import CINEMA, PLANNER, propose

_ACTIVE = Condition(field="status", op=Op.EQ, value="active")
_STREAMING = Condition(field="service", op=Op.EQ, value="streaming")


def _behaviours(result: Proposal) -> dict[str, Behavior]:
    return {r.event: r for r in result.rules.root.rules if isinstance(r, Behavior)}


@pytest.mark.parametrize(
    "request_text",
    [
        "Onda+ subscribers in Bretagne",
        "les abonnés Onda+ de Bretagne",
        "Onda+-Abonnenten in der Bretagne",
    ],
)
def test_a_service_beside_the_people_is_held_now(request_text: str, telecom: Catalog) -> None:
    result = propose(request_text, telecom)
    held = _behaviours(result)["subscriptions"]
    assert {_ACTIVE, _STREAMING} <= set(held.filters)
    assert held.window is None
    assert result.assumptions  # the state taken is said before the count


def test_the_verbs_window_stays_on_the_verb(telecom: Catalog) -> None:
    result = propose("Onda+ subscribers who watched comedies in the last 30 days", telecom)
    behaviours = _behaviours(result)
    assert behaviours["subscriptions"].window is None
    assert behaviours["viewing"].window is not None


@pytest.mark.parametrize(
    "request_text",
    [
        "Kunden mit einer fehlgeschlagenen Zahlung für Onda+ im Januar",
        "subscribers with a failed payment for Onda+ in January",
    ],
)
def test_a_word_of_the_lines_makes_it_a_line(request_text: str, telecom: Catalog) -> None:
    result = propose(request_text, telecom)
    renewal = _behaviours(result)["renewals"]
    assert _STREAMING in renewal.filters
    assert Condition(field="status", op=Op.EQ, value="payment_failed") in renewal.filters


def test_a_stated_state_is_kept(telecom: Catalog) -> None:
    held = _behaviours(propose("paused Onda+ subscribers", telecom))["subscriptions"]
    assert Condition(field="status", op=Op.EQ, value="paused") in held.filters
    assert _ACTIVE not in held.filters


def test_without_the_people_noun_no_state_is_implied(telecom: Catalog) -> None:
    result = PLANNER.plan("customers who had Onda+ last year", None, telecom)
    assert not isinstance(result, Clarification)
    assert isinstance(result, Proposal)
    assert _ACTIVE not in _behaviours(result)["subscriptions"].filters


_PASSES = """\
name: passes
kind: event
sources: [club]
description: Season passes bought by members, one row per pass.
synonyms: [pass, passes]
key: pass_ref
join: {column: member_ref, relationship: one_to_many}
timestamp: bought_on
dimensions: [pass_kind, state]
measures: []
columns:
  - {name: pass_ref, type: string, description: Pass reference., nullable: false}
  - {name: member_ref, type: string, description: Member reference., nullable: false}
  - {name: bought_on, type: date, description: Day the pass was bought., nullable: false}
  - name: pass_kind
    type: string
    description: What the pass covers.
    allowed_values: [imax_pass, family_pass]
    value_synonyms:
      imax_pass: [IMAX pass]
  - name: state
    type: string
    description: Where the pass stands.
    allowed_values: [active, expired]
"""


@pytest.fixture(scope="module")
def passes(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The cinema catalog with members' season passes (active or expired)."""
    folder = tmp_path_factory.mktemp("cinema") / "cinema"
    shutil.copytree(CINEMA, folder)
    (folder / "tables" / "passes.yml").write_text(_PASSES, encoding="utf-8")
    return load_catalog(folder)


def test_held_now_on_another_catalog(passes: Catalog) -> None:
    held = _behaviours(propose("IMAX pass members in York", passes))["passes"]
    assert Condition(field="state", op=Op.EQ, value="active") in held.filters
