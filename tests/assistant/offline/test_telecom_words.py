"""Words an operator's marketers use, as the telecom catalog defines them (en/fr/de): a phone
named by its model is the handset, not the app's platform; customer care is named 'care',
'support', 'SAV', 'Kundendienst'; a failed payment in each language; 'outside Europe' is every
roaming zone but Europe; a fibre subscription is one of the fibre plans."""

from __future__ import annotations

import pytest

from audience.rules import Attribute, Behavior, Condition, Op
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "iPhone owners in Normandie",
        "les clients normands équipés d'un iPhone",
        "Kunden mit iPhone in der Normandie",
    ],
)
def test_a_phone_model_is_the_handset(request_text: str, telecom: Catalog) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    assert Attribute(field="accounts.handset_brand", op=Op.EQ, value="apple") in rules


def test_the_phone_app_is_the_platform(telecom: Catalog) -> None:
    rules = propose("people using the iPhone app", telecom).rules.root.rules
    assert Attribute(field="app_installs.platform", op=Op.EQ, value="ios") in rules


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who called customer care twice in December",
        "subscribers who contacted support twice in December",
        "abonnés qui ont contacté le SAV deux fois en décembre",
        "Kunden, die den Kundendienst im Dezember zweimal kontaktiert haben",
    ],
)
def test_care_is_named_many_ways(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "care_contacts"


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers with a declined payment in January",
        "abonnés avec un paiement rejeté en janvier",
        "Kunden mit einer Rücklastschrift im Januar",
    ],
)
def test_a_failed_payment_in_each_language(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert Condition(field="status", op=Op.EQ, value="payment_failed") in rule.filters


@pytest.mark.parametrize(
    "request_text",
    [
        "customers with a payment incident in January",
        "clients avec un incident de paiement en janvier",
        "Kunden mit einer Zahlungsstörung im Januar",
    ],
)
def test_a_payment_incident_is_a_failed_payment(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "renewals"
    assert Condition(field="status", op=Op.EQ, value="payment_failed") in rule.filters


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers whose broadband installation is due in April",
        "abonnés dont l'installation internet est prévue en avril",
        "Kunden mit einer ausstehenden Internet-Aktivierung im April",
    ],
)
def test_an_installation_to_come_is_a_pending_subscription(
    request_text: str, telecom: Catalog
) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    (pending,) = [r for r in rules if isinstance(r, Behavior) and r.event == "subscriptions"]
    assert Condition(field="status", op=Op.EQ, value="pending") in pending.filters
    assert pending.window is not None


@pytest.mark.parametrize(
    "request_text",
    [
        "prepaid customers who opted in to marketing calls",
        "clients prépayés qui ont accepté les appels marketing",
        "Prepaid-Kunden, die in Werbeanrufe eingewilligt haben",
    ],
)
def test_marketing_calls_are_the_call_channel(request_text: str, telecom: Catalog) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    assert Attribute(field="consents.call_optin", op=Op.EQ, value=True) in rules


@pytest.mark.parametrize(
    "request_text",
    [
        "lines that roamed outside Europe last summer",
        "clients qui ont voyagé hors d'Europe l'été dernier",
        "Kunden mit Roaming außerhalb Europas im letzten Sommer",
    ],
)
def test_outside_europe_is_every_zone_but_europe(request_text: str, telecom: Catalog) -> None:
    rules = propose(request_text, telecom).rules.root.rules
    filters = {f for rule in rules if isinstance(rule, Behavior) for f in rule.filters}
    outside = Condition(field="roaming_zone", op=Op.IN, value=("north_america", "rest_of_world"))
    assert outside in filters


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts with a fibre installation still pending",
        "comptes avec une installation fibre en attente",
        "Konten mit ausstehender Glasfaser-Installation",
    ],
)
def test_a_fibre_subscription_is_a_fibre_plan(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior) and rule.event == "subscriptions"
    assert Condition(field="plan", op=Op.IN, value=("fibre_2g", "fibre_500m")) in rule.filters


def _fields(request_text: str, catalog: Catalog) -> set[tuple[str, object]]:
    """(field, value) of every attribute and behaviour filter; every word read, no notice."""
    proposal = propose(request_text, catalog)
    assert not proposal.assumptions
    found: set[tuple[str, object]] = set()
    for _, node in proposal.rules.walk():
        if isinstance(node, Attribute):
            found.add((node.field, node.value))
        if isinstance(node, Behavior):
            found |= {(f"{node.event}.{f.field}", f.value) for f in node.filters}
    return found


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("prepaid subs in Occitanie", {("accounts.contract_type", "prepaid")}),
        ("les clients prépayés en Occitanie", {("accounts.contract_type", "prepaid")}),
        ("les abonnées prépayées en Occitanie", {("accounts.contract_type", "prepaid")}),
        ("abonnés franciliens avec la fibre", {("accounts.region", "Île-de-France")}),
        ("Bretons on a 24-month contract", {("accounts.region", "Bretagne")}),
        ("Kunden mit Jahresabo", {("subscriptions.billing_cycle", "annual")}),
        ("abonnés qui paient à l'année", {("subscriptions.billing_cycle", "annual")}),
        ("subscribers paying annually", {("subscriptions.billing_cycle", "annual")}),
        ("Kunden, die Kindersendungen geschaut haben", {("viewing.genre", "kids")}),
        (
            "Geschäftskunden, die per Lastschrift zahlen",
            {("accounts.payment_method", "direct_debit")},
        ),
    ],
)
def test_an_operators_everyday_words(
    request_text: str, expected: set[tuple[str, object]], telecom: Catalog
) -> None:
    assert expected <= _fields(request_text, telecom)


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who changed mobile plan in January",
        "clients ayant changé d'offre en janvier",
        "Kunden, die im Januar ihren Tarif gewechselt haben",
    ],
)
def test_a_plan_switch_said_many_ways(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior) and rule.event == "plan_changes"


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who rated a support contact 2 stars or lower",
        "abonnés ayant noté un contact SAV 2 étoiles ou moins",
        "Kunden, die einen Kontakt mit 2 Sternen oder darunter bewertet haben",
    ],
)
def test_stars_are_the_satisfaction_score(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior) and rule.aggregate.measure == "satisfaction"
    assert (rule.aggregate.op, rule.aggregate.value) == (Op.LTE, 2)


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who chatted with customer care in March",
        "abonnés qui ont tchatté avec le service client en mars",
        "Kunden, die im März mit dem Kundendienst gechattet haben",
    ],
)
def test_chatting_with_care_is_the_chat_channel(request_text: str, telecom: Catalog) -> None:
    (rule,) = propose(request_text, telecom).rules.root.rules
    assert isinstance(rule, Behavior) and rule.event == "care_contacts"
    assert Condition(field="channel", op=Op.EQ, value="chat") in rule.filters


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers who called customer care about a TV fault since December",
        "clients qui ont appelé le SAV pour une panne TV depuis décembre",
        "Kunden, die seit Dezember wegen einer TV-Störung beim Kundenservice angerufen haben",
    ],
)
def test_calling_care_is_a_phone_contact(request_text: str, telecom: Catalog) -> None:
    """'appelé' is also a naming word in French ('un produit appelé …'): before the care
    event it is the phone channel, never dropped with no word said (it was silent)."""
    proposal = propose(request_text, telecom)
    (contacted,) = proposal.rules.root.rules
    assert isinstance(contacted, Behavior) and contacted.event == "care_contacts"
    assert set(contacted.filters) == {
        Condition(field="channel", op=Op.EQ, value="phone"),
        Condition(field="reason", op=Op.EQ, value="tv_technical"),
    }
    assert not [item for item in proposal.coverage if item.rule_path is None]
