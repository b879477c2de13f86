"""Recency: 'last X more than N ago' when words of X stand between the cue and its noun, 'last X
before <date>' / 'in <year>' (one then, none since), 'haven't <used> the app in over N' on a
last-seen date (a date before the cut-off, people with no date left out), the stated reading of
'haven't <done> in over N' on a behaviour (never-doers included), and a German negation before
the final verb."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import Attribute, Behavior, Group, Op, WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


def _lapse(request: str, catalog: Catalog) -> tuple[Behavior, Behavior]:
    """The two behaviours of 'did it, not since': the first done, the second negated."""
    done, lapsed = behaviors(propose(request, catalog).rules)
    assert (done.negate, lapsed.negate) == (False, True)
    assert done.event == lapsed.event and done.filters == lapsed.filters
    return done, lapsed


@pytest.mark.parametrize(
    ("request_text", "value"),
    [
        ("customers whose last click on an email was more than 3 months ago", "click"),
        ("customers whose last email open was more than 3 months ago", "open"),
    ],
)
def test_last_value_of_the_event_before_its_noun(
    request_text: str, value: str, catalog: Catalog
) -> None:
    done, lapsed = _lapse(request_text, catalog)
    assert [(c.field, c.value) for c in done.filters] == [("event_type", value)]
    assert lapsed.window is not None and lapsed.window.type is WindowKind.LAST
    assert (lapsed.window.amount, lapsed.window.unit) == (3, "month")


def test_last_value_across_a_connector(telecom: Catalog) -> None:
    """'last chat with customer care': the contacts' own channel value, then their noun."""
    done, lapsed = _lapse(
        "subscribers whose last chat with customer care was more than 6 months ago", telecom
    )
    assert [(c.field, c.value) for c in done.filters] == [("channel", "chat")]
    assert lapsed.window is not None and lapsed.window.amount == 6


@pytest.mark.parametrize(
    "request_text",
    [
        "shoe buyers – last order more than 6 months ago",
        "acheteuses de chaussures – dernière commande il y a plus de 6 mois",
    ],
)
def test_last_names_the_behaviour_again(request_text: str, catalog: Catalog) -> None:
    """The behaviour named first ('shoe buyers'), then again after 'last' ('last order')."""
    done, lapsed = _lapse(request_text, catalog)
    assert [(c.field, c.value) for c in done.filters] == [("category", "shoes")]
    assert lapsed.window is not None and lapsed.window.type is WindowKind.LAST


@pytest.mark.parametrize(
    ("request_text", "cut"),
    [
        ("customers whose last order was before March", date(2026, 3, 1)),
        ("clients dont la dernière commande date d'avant mars", date(2026, 3, 1)),
        ("Kunden, deren letzte Bestellung vor März war", date(2026, 3, 1)),
        ("customers whose last order was in 2025", date(2026, 1, 1)),
    ],
)
def test_last_before_a_date_is_one_then_none_since(
    request_text: str, cut: date, catalog: Catalog
) -> None:
    done, lapsed = _lapse(request_text, catalog)
    assert done.window is not None and done.window.type in {WindowKind.BEFORE, WindowKind.BETWEEN}
    assert lapsed.window is not None and lapsed.window.type is WindowKind.SINCE
    assert lapsed.window.start == cut


@pytest.mark.parametrize(
    "request_text",
    [
        "app users who haven't opened the app in over 3 months",
        "clients qui n'ont pas ouvert l'appli depuis plus de 3 mois",
        "Kunden, die die App seit über 3 Monaten nicht geöffnet haben",
    ],
)
@pytest.mark.parametrize(
    ("domain", "field", "cut"),
    [
        ("telecom", "app_installs.last_seen_at", "2025-12-01"),
        ("grocery", "app_users.last_login_at", "2026-03-15"),
    ],
)
def test_not_used_the_app_in_over_n_is_a_last_time_before_the_cut(
    request_text: str, domain: str, field: str, cut: str, request: pytest.FixtureRequest
) -> None:
    catalog: Catalog = request.getfixturevalue(domain)
    dated = [
        rule
        for rule in propose(request_text, catalog).rules.root.rules
        if isinstance(rule, Attribute) and rule.field == field
    ]
    assert [(rule.op, rule.value, rule.negate) for rule in dated] == [(Op.LT, cut, False)]


def test_not_used_the_app_in_the_last_n_keeps_the_window(catalog: Catalog) -> None:
    """Without 'over', no date in the window (people with no date included) as before."""
    (rule,) = propose(
        "customers who haven't opened the app in the last 30 days", catalog
    ).rules.root.rules
    assert isinstance(rule, Attribute) and rule.negate and rule.op is Op.WITHIN_LAST


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who haven't bought in over 6 months",
        "clients qui n'ont pas acheté depuis plus de 6 mois",
        "Kunden, die seit mehr als 6 Monaten nicht gekauft haben",
    ],
)
def test_not_done_in_over_n_states_that_never_doers_are_in(
    request_text: str, catalog: Catalog
) -> None:
    proposal = propose(request_text, catalog)
    (rule,) = proposal.rules.root.rules
    assert isinstance(rule, Behavior) and rule.negate
    assert len(proposal.assumptions) == 1


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who haven't bought in the last 6 months",
        "people who used to buy from us but haven't bought anything for over a year",
    ],
)
def test_no_gap_reading_to_state(request_text: str, catalog: Catalog) -> None:
    """A window with no 'over', or a request that already says they did it: nothing to state."""
    assert propose(request_text, catalog).assumptions == ()


def test_german_negation_before_the_final_verb(telecom: Catalog) -> None:
    """'die die App seit Monaten nicht geöffnet haben': 'nicht' negates the rule before it when
    only the verb follows."""
    rules = propose(
        "Kunden, die die App seit 2 Monaten nicht geöffnet haben", telecom
    ).rules.root.rules
    assert [(type(r).__name__, r.negate) for r in rules] == [("Attribute", True)]
    assert not any(isinstance(r, Group) for r in rules)


@pytest.mark.parametrize(
    ("request_text", "amount", "unit"),
    [
        ("customers whose last purchase was less than 2 weeks ago", 2, "week"),
        ("customers whose last order was under a month ago", 1, "month"),
        ("clients dont le dernier achat date de moins de 2 semaines", 2, "week"),
        ("clients dont la dernière commande remonte à moins d'un mois", 1, "month"),
        ("Kunden, deren letzte Bestellung weniger als 2 Wochen zurückliegt", 2, "week"),
        ("Kunden, deren letzter Kauf vor weniger als 2 Wochen war", 2, "week"),
    ],
)
def test_last_one_less_than_a_time_ago_is_one_within_it(
    request_text: str, amount: int, unit: str, catalog: Catalog
) -> None:
    """'Last purchase less than 2 weeks ago' is a purchase in the last 2 weeks — it was read as
    'more than', a purchase once and none in the last 2 weeks (the opposite people, silently)."""
    (bought,) = behaviors(propose(request_text, catalog).rules)
    assert bought.event == "orders" and not bought.negate
    assert bought.window is not None and bought.window.type is WindowKind.LAST
    assert (bought.window.amount, bought.window.unit) == (amount, unit)


@pytest.mark.parametrize(
    "request_text",
    [
        "subscribers whose last customer care contact was less than 10 days ago",
        "clients dont le dernier contact avec le service client date de moins de 10 jours",
        "Kunden, deren letzter Kontakt mit dem Kundenservice weniger als 10 Tage zurückliegt",
    ],
)
def test_less_than_n_days_ago_is_the_last_n_days(request_text: str, telecom: Catalog) -> None:
    """In days as in weeks: an event on the day as_of − 10 days is less than 10 days old, so the
    audience is one contact in the last 10 days (not 'at most 9 whole days ago')."""
    (recent,) = behaviors(propose(request_text, telecom).rules)
    assert recent.event == "care_contacts" and not recent.negate
    assert recent.aggregate.func != "days_since_last"
    assert recent.window is not None and recent.window.type is WindowKind.LAST
    assert (recent.window.amount, recent.window.unit) == (10, "day")
