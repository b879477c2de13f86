"""A state said with a time dates that state's own column ('cancelled last year' is when it was
cancelled, not when it started), and the proposal says which date it read; a state with no
column of its own, or a request naming another date ('started in 2024'), keeps the row's date."""

from __future__ import annotations

import pytest

from assistant.explain import language_of
from assistant.language import pack_for
from audience.rules import Behavior, Op, column_label
from schema_catalog import Catalog, Column, ColumnType
from tests.support.catalogs import with_table
from tests.support.planning import propose


def _subscription(request: str, telecom: Catalog) -> Behavior:
    (rule,) = propose(request, telecom).rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.event == "subscriptions"
    return rule


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts that cancelled their TV subscription in 2025",
        "comptes qui ont résilié leur abonnement TV en 2025",
        "Konten, die ihr TV-Abonnement letztes Jahr gekündigt haben",
        "TV subscription cancellations in 2025",
        "les résiliations d'abonnements TV en 2025",
    ],
)
def test_the_cancellation_is_dated_by_its_own_column(request_text: str, telecom: Catalog) -> None:
    rule = _subscription(request_text, telecom)
    dated = [f for f in rule.filters if f.field == "cancelled_on"]
    assert len(dated) == 1 and dated[0].op is Op.BETWEEN
    assert rule.window is None


def test_a_state_without_its_own_date_keeps_the_start(telecom: Catalog) -> None:
    rule = _subscription("accounts with a paused TV subscription started in 2025", telecom)
    assert all(f.field != "cancelled_on" for f in rule.filters)
    assert rule.window is not None


@pytest.mark.parametrize(
    ("request_text", "lang", "phrase"),
    [
        ("subscriptions that churned last year", "en", "last year"),
        ("abonnements résiliés l'an dernier", "fr", "l'an dernier"),
        ("Konten, die ihr TV-Abonnement letztes Jahr gekündigt haben", "de", "letztes Jahr"),
    ],
)
def test_the_state_date_is_stated(
    request_text: str, lang: str, phrase: str, telecom: Catalog
) -> None:
    result = propose(request_text, telecom)
    code = language_of(lang)
    note = pack_for(lang).say(
        "assume_state_date",
        phrase=phrase,
        field=column_label(telecom, "subscriptions", "cancelled_on", code),
        value="cancelled",
        other=column_label(telecom, "subscriptions", "started_on", code),
    )
    assert note in result.assumptions


def test_the_start_named_keeps_the_time_on_it(telecom: Catalog) -> None:
    request = "subscribers whose Onda+ subscription started in 2024 and was cancelled"
    rule = _subscription(request, telecom)
    assert all(f.field != "cancelled_on" for f in rule.filters)
    assert rule.window is not None


def test_another_date_named_keeps_the_time_on_it(cancellable: Catalog) -> None:
    result = propose("members with cancelled bookings shown last month", cancellable)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, Behavior)
    assert rule.window is not None
    assert all(f.field != "cancellation_day" for f in rule.filters)


@pytest.fixture(scope="module")
def cancellable(cinema: Catalog) -> Catalog:
    """The cinema catalog whose bookings may be cancelled, the day of it kept."""
    bookings = cinema.table("bookings")
    state = Column(
        name="booking_state",
        type=ColumnType.STRING,
        description="Where the booking stands.",
        allowed_values=("confirmed", "cancelled"),
    )
    day = Column(
        name="cancellation_day",
        type=ColumnType.DATE,
        description="Day of cancellation.",
        synonyms=("cancelled on",),
    )
    shown = bookings.column("show_date").model_copy(update={"synonyms": ("shown",)})
    columns = tuple(shown if c.name == shown.name else c for c in bookings.columns)
    return with_table(
        cinema,
        "bookings",
        columns=(*columns, state, day),
        dimensions=(*bookings.dimensions, state.name),
    )


def test_a_booking_state_dates_its_own_column(cancellable: Catalog) -> None:
    result = propose("members whose bookings were cancelled last month", cancellable)
    (rule,) = result.rules.root.rules
    assert isinstance(rule, Behavior)
    assert [f.field for f in rule.filters if f.op is Op.BETWEEN] == ["cancellation_day"]
    note = pack_for("en").say(
        "assume_state_date",
        phrase="last month",
        field=column_label(cancellable, "bookings", "cancellation_day"),
        value="cancelled",
        other=column_label(cancellable, "bookings", "show_date"),
    )
    assert note in result.assumptions


@pytest.mark.parametrize(
    "request_text",
    [
        "accounts whose last subscription was cancelled more than 2 years ago",
        "comptes dont le dernier abonnement a été résilié il y a plus de 2 ans",
        "Konten, deren letztes Abo vor mehr als 2 Jahren gekündigt wurde",
    ],
)
def test_the_latest_state_date_is_old_not_just_one_of_them(
    request_text: str, telecom: Catalog
) -> None:
    """'last … cancelled more than 2 years ago': a cancellation before the bound and none on or
    after it; one old cancellation beside a recent one is not the latest being old."""
    root = propose(request_text, telecom).rules.root
    assert root.op == "and" and not root.negate
    before, after = root.rules
    assert isinstance(before, Behavior) and isinstance(after, Behavior)
    assert (before.negate, after.negate) == (False, True)
    (old,) = [f for f in before.filters if f.field == "cancelled_on"]
    (recent,) = [f for f in after.filters if f.field == "cancelled_on"]
    assert (old.op, recent.op) == (Op.LT, Op.GTE)
    assert old.value == recent.value
