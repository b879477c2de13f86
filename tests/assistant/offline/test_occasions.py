"""What an audience is *for* is not who is in it (issue 12, pattern 1: a number or a word
attached to a guessed target): 'about 8k men in Lyon' is the size wanted, not an order count;
'for our Nice boutique opening' names the occasion, not an in-store condition — and the
proposal says so."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Group
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "size"),
    [
        ("about 8k men in Lyon who ordered in the last 3 months", 8000),
        ("roughly 1,500 gold women", 1500),
        ("environ 3000 hommes lyonnais", 3000),
    ],
)
def test_a_rough_number_before_profile_values_is_the_size(
    request_text: str, size: int, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert result.expected_size == size
    assert all(b.aggregate.value == 1 for b in behaviors(result.rules))


@pytest.mark.parametrize(
    "request_text",
    [
        "silver members who ordered this year, for our Nice store opening",
        "clients argent ayant commandé cette année, pour la soirée magasin",
    ],
)
def test_the_occasion_is_named_not_turned_into_a_condition(
    request_text: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    (ordered,) = behaviors(result.rules)
    assert ordered.filters == ()
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "silver members who ordered this year, for our Nice store breakfast",
        "silver members who ordered this year, for the Nice store cocktail reception",
        "clients argent ayant commandé cette année, pour le petit-déjeuner magasin",
        "Silber-Kunden, die dieses Jahr bestellt haben, für unser Frühstück im Laden",
    ],
)
def test_a_meal_or_reception_is_an_occasion(request_text: str, catalog: Catalog) -> None:
    """A breakfast, a brunch, a cocktail, a reception (petit-déjeuner, Frühstück, Empfang) are
    occasions like an opening: the store words before them name it, not a purchase in store."""
    result = propose(request_text, catalog)
    (ordered,) = behaviors(result.rules)
    assert ordered.filters == ()
    assert not [n for _, n in result.rules.walk() if isinstance(n, Attribute)][1:]
    assert len(result.assumptions) == 1


def test_a_campaign_channel_still_wins_over_an_occasion(catalog: Catalog) -> None:
    result = propose("VIPs for the SMS launch", catalog)
    assert result.rules.channel == "sms"
    assert not [n for _, n in result.rules.walk() if isinstance(n, Behavior)]


@pytest.mark.parametrize(
    "request_text",
    [
        "silver members in Spain, plus all VIPs wherever they live",
        "clients argent en Espagne, ainsi que tous les VIP où qu'ils soient",
        "Silber-Kunden in Spanien sowie alle VIPs, egal wo",
    ],
)
def test_plus_all_adds_a_whole_other_group(request_text: str, catalog: Catalog) -> None:
    result = propose(request_text, catalog)
    (union,) = result.rules.root.rules
    assert isinstance(union, Group) and union.op == "or"
    silver_in_spain, vips = union.rules
    assert isinstance(silver_in_spain, Group) and len(silver_in_spain.rules) == 2
    assert isinstance(vips, Attribute) and vips.value == "vip"
    assert not [item for item in result.coverage if item.rule_path is None]


@pytest.mark.parametrize(
    "request_text",
    [
        "the top 200 VIPs by predicted value for the private sale invites",
        "VIPs for the private sale",
        "les 200 meilleurs VIP par valeur prédite pour les invitations à la vente privée",
        "die 200 besten VIPs nach prognostiziertem Wert für die Einladungen zum Privatverkauf",
    ],
)
def test_a_private_sale_is_an_occasion_not_a_sale_email(
    request_text: str, catalog: Catalog
) -> None:
    """'sale' is also a campaign type of the email events: said as the occasion the audience is
    for ('private sale', its 'invites'), it names no email event — and the proposal says so."""
    result = propose(request_text, catalog)
    assert not behaviors(result.rules)


def test_the_occasion_read_from_a_catalog_word_is_stated(catalog: Catalog) -> None:
    result = propose("VIPs for the private sale", catalog)
    assert not behaviors(result.rules)
    assert len(result.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "des Bordelais inscrits depuis 2024, pour l'ouverture de la boutique de Bordeaux",
        "Bordeaux customers who signed up since 2024, for the reopening of our Bordeaux store",
        "Kunden aus Bordeaux, seit 2024 angemeldet, für die Wiedereröffnung der Filiale Bordeaux",
    ],
)
def test_a_store_opening_names_the_occasion_not_a_store_purchase(
    request_text: str, catalog: Catalog
) -> None:
    """'pour l'ouverture de la boutique de Bordeaux': the opening (ouverture, reopening,
    Wiedereröffnung) is what the audience is for — its store is no in-store condition."""
    result = propose(request_text, catalog)
    assert not behaviors(result.rules)
    assert len([a for a in result.assumptions if "Bordeaux" in a]) == 1
