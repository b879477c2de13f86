"""A value with no behaviour of its own implies its event ('unsubscribed' → an email event);
standing right next to a word naming another table ('unsubscribed app users'), it may only
describe that table's people, so the proposal says it was read as a condition of its own. The
same value beside the people noun or a profile value says nothing more."""

from __future__ import annotations

import pytest

from assistant.language import pack_for
from audience.rules import Behavior
from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    ("request_text", "lang", "phrase", "other"),
    [
        ("unsubscribed app users", "en", "unsubscribed", "app users"),
        ("utilisateurs de l'appli désabonnés", "fr", "désabonnés", "appli"),
    ],
)
def test_a_value_beside_another_table_is_stated(
    request_text: str, lang: str, phrase: str, other: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    events = [r.event for r in result.rules.root.rules if isinstance(r, Behavior)]
    assert events == ["email_events"]
    note = pack_for(lang).say("assume_own_condition", phrase=phrase, other=other)
    assert note in result.assumptions


def test_a_value_beside_another_table_on_telecom(telecom: Catalog) -> None:
    result = propose("lapsed app users", telecom)
    note = pack_for("en").say("assume_own_condition", phrase="lapsed", other="app users")
    assert note in result.assumptions


def test_beside_the_people_nothing_more_is_said(catalog: Catalog) -> None:
    result = propose("unsubscribed customers in Lyon", catalog)
    assert result.assumptions == ()
