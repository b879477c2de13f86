"""Words a catalog shares between columns, settled by the sentence (issue 12, pattern 8):

- a town that is a home town and a home store: next to the people ('members from York',
  'Kunden aus Tournai', 'Namur and Tournai shoppers') it is where they live; with a noun of
  another column after it ('from the York cinema') the user is asked;
- an amount said in a unit that one measure of the event names ('a basket above 250 euros':
  the amount, not the savings);
- a column named twice around its threshold ('Punktestand von über 2.500 Punkten') is one rule;
- 'a single home delivery basket over 200 euros': the event's values between 'single' and its
  noun keep the threshold on one event.
"""

from __future__ import annotations

import pytest

from assistant import Clarification
from assistant.language import load_pack
from assistant.offline.lexicon import lexicon_for
from assistant.offline.wordforms import normalised_forms
from audience.rules import AggregateFunc, Attribute, Op
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_profile_column
from tests.support.planning import PLANNER, behaviors, propose


@pytest.fixture(scope="module")
def cinemas(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members also have a home cinema in the same towns."""
    home_cinema = Column(
        name="home_cinema",
        type=ColumnType.STRING,
        label="Home cinema",
        description="The cinema the member's card is attached to.",
        allowed_values=("Leeds", "York", "Bath", "Hull"),
        synonyms=("home cinema", "usual cinema"),
    )
    return with_profile_column(cinema, home_cinema)


@pytest.mark.parametrize(
    ("request_text", "towns"),
    [
        ("members from York", "York"),
        ("York members", "York"),
        ("members from Bath or Hull", ["Bath", "Hull"]),
    ],
)
def test_a_town_beside_the_people_is_where_they_live(
    request_text: str, towns: str | list[str], cinemas: Catalog
) -> None:
    op = Op.IN if isinstance(towns, list) else Op.EQ
    result = propose(request_text, cinemas)
    assert result.rules.root.rules == (Attribute(field="moviegoers.home_town", op=op, value=towns),)


def test_a_town_before_another_column_noun_asks(cinemas: Catalog) -> None:
    assert isinstance(PLANNER.plan("members from the York cinema", None, cinemas), Clarification)


@pytest.mark.parametrize(
    ("request_text", "towns"),
    [
        ("Kunden aus Tournai", "Tournai"),
        ("clients de Tournai", "Tournai"),
        ("Namur and Tournai shoppers", ["Namur", "Tournai"]),
    ],
)
def test_in_every_language(request_text: str, towns: str | list[str], grocery: Catalog) -> None:
    op = Op.IN if isinstance(towns, list) else Op.EQ
    result = propose(request_text, grocery)
    home = Attribute(field="cardholders.home_city", op=op, value=towns)
    assert result.rules.root.rules == (home,)


@pytest.mark.parametrize(
    ("request_text", "catalog_name", "measure"),
    [
        ("members with a single visit over £20", "cinema", "ticket_spend"),
        ("anyone with a single basket above 250 euros since january", "grocery", "total_amount"),
        ("clients avec un panier de plus de 200 € cette année", "grocery", "total_amount"),
    ],
)
def test_the_unit_of_the_amount_names_the_measure(
    request_text: str, catalog_name: str, measure: str, request: pytest.FixtureRequest
) -> None:
    catalog: Catalog = request.getfixturevalue(catalog_name)
    (behavior,) = behaviors(propose(request_text, catalog).rules)
    assert behavior.aggregate.measure == measure


def test_values_between_single_and_the_event_noun(grocery: Catalog) -> None:
    result = propose("anyone who had a single home delivery basket over 200 euros in 2025", grocery)
    (behavior,) = behaviors(result.rules)
    assert behavior.aggregate.func is AggregateFunc.MAX
    assert [(f.field, f.value) for f in behavior.filters] == [("channel", "home_delivery")]


@pytest.mark.parametrize(
    "request_text",
    [
        "Karteninhaber mit einem Punktestand von über 2.500 Punkten",
        "cardholders with a points balance of more than 2,500 points",
    ],
)
def test_a_column_named_twice_is_one_rule(request_text: str, grocery: Catalog) -> None:
    result = propose(request_text, grocery)
    points = Attribute(field="cardholders.points_balance", op=Op.GT, value=2500)
    assert result.rules.root.rules == (points,)


def test_a_negating_prefix_never_negates_a_grammar_word(catalog: Catalog) -> None:
    """'Inhaber' (holder) is not 'in' + 'habe'; 'inaktive' still is not + 'aktive'."""
    lexicon, german = lexicon_for(catalog), load_pack("de")
    assert normalised_forms(lexicon, "inhaber", german)[0][0] != german.negation_word
    result = propose("Kundenkarten-Inhaber aus Paris", catalog)
    assert all(not getattr(rule, "negate", False) for rule in result.rules.root.rules)


@pytest.mark.parametrize(
    "request_text",
    [
        "people holding a still-valid percent-off coupon worth 25% or more",
        "Kunden mit einem noch gültigen Prozent-Gutschein von mindestens 25 %",
    ],
)
def test_a_percentage_is_a_measure_of_one_event(request_text: str, grocery: Catalog) -> None:
    """A share is never a count of events, nor summed: at least one coupon worth it."""
    (coupon,) = behaviors(propose(request_text, grocery).rules)
    assert coupon.aggregate.func is AggregateFunc.MAX
    assert (coupon.aggregate.measure, coupon.aggregate.value) == ("face_value", 25)


def test_a_share_of_events_no_rule_states_is_not_a_count(catalog: Catalog) -> None:
    result = PLANNER.plan("customers who opened more than 50% of our emails", None, catalog)
    assert isinstance(result, Clarification)


def test_a_spend_on_an_event_and_its_lines_is_the_events(grocery: Catalog) -> None:
    """'spent' names the basket's amount and a line's: with no department said, the basket's —
    the question left is between the baskets and the fuel, never the lines. (An amount in
    euros, which the basket amount alone lists among its names, settles it: test_priced_spend.)"""
    asked = PLANNER.plan("shoppers who spent more than 300 since January", None, grocery)
    assert isinstance(asked, Clarification)
    events = {b.event for o in asked.options if o.rules for b in behaviors(o.rules)}
    assert events == {"baskets", "fuel_fills"}


def test_the_shortest_ending_is_removed(grocery: Catalog) -> None:
    """'bornes' is the French 'borne' (a charging point) with its plural, not the English 'born'
    with a French ending."""
    lexicon, french = lexicon_for(grocery), load_pack("fr")
    assert normalised_forms(lexicon, "bornes", french)[0][1] == "borne"


@pytest.mark.parametrize(
    "request_text",
    [
        "shoppers who bought online this year",
        "clients qui ont acheté en ligne cette année",
        "Kunden, die dieses Jahr online eingekauft haben",
    ],
)
def test_a_word_of_several_values_means_any_of_them(request_text: str, grocery: Catalog) -> None:
    """The catalog gives 'online' to the drive and to the home delivery: either one."""
    (basket,) = behaviors(propose(request_text, grocery).rules)
    (channel,) = basket.filters
    assert channel.op is Op.IN
    assert set(channel.value) == {"click_and_collect", "home_delivery"}  # type: ignore[arg-type]


def test_a_word_of_several_values_on_a_test_catalog(cinema: Catalog) -> None:
    visits = cinema.table("visits")
    screen = next(column for column in visits.columns if column.name == "screen")
    special = screen.model_copy(
        update={"value_synonyms": {"imax": ("special screen",), "outdoor": ("special screen",)}}
    )
    columns = tuple(special if c.name == "screen" else c for c in visits.columns)
    changed = visits.model_copy(update={"columns": columns})
    tables = tuple(changed if t.name == "visits" else t for t in cinema.tables)
    catalog = cinema.model_copy(update={"tables": tables})
    (visit,) = behaviors(propose("members who went to a special screen this year", catalog).rules)
    (kind,) = visit.filters
    assert kind.op is Op.IN and set(kind.value) == {"imax", "outdoor"}  # type: ignore[arg-type]
